"""The motivation of a salary decision (seed 000 point 6): clear and SMART, covering result
agreements, attitude and behaviour, and personal development. An empty or boilerplate motivation is
refused, with a message per field. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS = {
    "results": ("Resultaatafspraken", "Result agreements"),
    "behaviour": ("Houding en gedrag", "Attitude and behaviour"),
    "development": ("Persoonlijke ontwikkeling", "Personal development"),
}
MIN_WORDS = 8
MIN_DISTINCT = 6

# Phrases that say nothing about this employee: a motivation made only of these is boilerplate.
BOILERPLATE = (
    "functioneert naar behoren",
    "functioneert goed",
    "functioneert voldoende",
    "goed gedaan",
    "geen bijzonderheden",
    "geen opmerkingen",
    "zie vorig jaar",
    "zie vorige jaar",
    "zoals besproken",
    "n.v.t.",
    "nvt",
    "akkoord",
    "prima",
    "voldoende",
    "goed",
    "lorem ipsum",
    "performs well",
    "as discussed",
    "no comments",
    "see last year",
)
WORD = re.compile(r"[\wÀ-ÿ]+", re.UNICODE)


@dataclass(frozen=True)
class FieldError:
    field: str
    nl: str
    en: str


def _strip_boilerplate(text: str) -> str:
    lowered = text.lower()
    for phrase in sorted(BOILERPLATE, key=len, reverse=True):
        lowered = lowered.replace(phrase, " ")
    return lowered


def check(motivation: dict[str, str]) -> list[FieldError]:
    """Every field present and specific: at least MIN_WORDS words and MIN_DISTINCT different words
    once the boilerplate is taken out, and no field a copy of another."""
    errors: list[FieldError] = []
    seen: dict[str, str] = {}
    for key, (nl_label, en_label) in FIELDS.items():
        text = (motivation.get(key) or "").strip()
        if not text:
            errors.append(
                FieldError(
                    key, f"{nl_label}: vul de motivering in.", f"{en_label}: the motivation is required."
                )
            )
            continue
        words = WORD.findall(_strip_boilerplate(text))
        if len(words) < MIN_WORDS or len({w for w in words if len(w) > 2}) < MIN_DISTINCT:
            errors.append(
                FieldError(
                    key,
                    f"{nl_label}: te algemeen. Beschrijf concreet en meetbaar wat de medewerker deed "
                    f"(welke afspraak, welk resultaat, wanneer); minstens {MIN_WORDS} woorden eigen tekst.",
                    f"{en_label}: too general. Describe specifically and measurably what the employee did "
                    f"(which agreement, which result, when); at least {MIN_WORDS} words of your own.",
                )
            )
            continue
        normalised = " ".join(WORD.findall(text.lower()))
        if normalised in seen:
            errors.append(
                FieldError(
                    key,
                    f"{nl_label}: dezelfde tekst als bij {FIELDS[seen[normalised]][0].lower()}; "
                    "motiveer elk onderdeel apart.",
                    f"{en_label}: the same text as {FIELDS[seen[normalised]][1].lower()}; "
                    "motivate each part on its own.",
                )
            )
        seen[normalised] = key
    return errors


def advised_outcome(reward_advice: str | None, conclusion_scale: dict | None) -> str | None:
    """What the reward advice advises (seed 003, seed 000 'at least good'), read from the tenant's
    conclusion scale (the cycle definition's `conclusion_scale`): a level with `advises_raise` true
    advises the raise ("yes"), false advises none ("no"); a level that says neither, an advice
    outside the scale, or a cycle without conclusions advises nothing (None)."""
    if reward_advice is None or not conclusion_scale:
        return None
    for level in conclusion_scale.get("levels", []):
        if level.get("key") == reward_advice:
            advises = level.get("advises_raise")
            return None if advises is None else ("yes" if advises else "no")
    return None
