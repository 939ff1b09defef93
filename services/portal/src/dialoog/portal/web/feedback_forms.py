"""The feedback pages' small rules, without I/O: a posted answer form as the service's answers, the
ask form as a request body, the progress line of a request, and a tenant's colours as a theme
that stays readable."""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.datastructures import FormData

RATINGS = (1, 2, 3, 4, 5)
OWN_QUESTIONS = 3  # empty rows for questions of her own
OUTSIDERS = 3  # empty rows for outsiders (name + e-mail)
KINDS = ("open", "rating")


def _text(form: FormData, name: str) -> str:
    return str(form.get(name, "")).strip()


def answers_from(form: FormData, questions: list[dict]) -> list[dict]:
    """`antwoord-<key>`, `score-<key>`, `toelichting-<key>` per question, as the service's answers
    (a question left empty is left out; the service says whether that is allowed)."""
    answers = []
    for q in questions:
        key = q["key"]
        answer: dict = {"question_key": key}
        if q.get("kind") == "rating":
            raw = _text(form, f"score-{key}")
            if raw.isdigit() and int(raw) in RATINGS:
                answer["rating"] = int(raw)
        else:
            text = _text(form, f"antwoord-{key}")
            if text:
                answer["text"] = text
        comment = _text(form, f"toelichting-{key}")
        if q.get("comment") and comment:
            answer["comment"] = comment
        if len(answer) > 1:
            answers.append(answer)
    return answers


def submitted_answers(answers: list[dict] | None) -> dict[str, dict]:
    """A draft or a refused form by question key, to fill the form in again."""
    return {a["question_key"]: a for a in answers or [] if "question_key" in a}


def outsiders_from(form: FormData) -> list[dict]:
    found = []
    for i in range(1, OUTSIDERS + 1):
        name, email = _text(form, f"extern-naam-{i}"), _text(form, f"extern-email-{i}")
        if name or email:
            found.append({"name": name, "email": email})
    return found


def givers_from(form: FormData) -> list[dict]:
    colleagues = [{"person_id": str(p)} for p in dict.fromkeys(form.getlist("collega")) if str(p)]
    return colleagues + outsiders_from(form)


def questions_from(form: FormData, sets: list[dict], lang: str) -> list[dict]:
    """The questions chosen from the sets (`vraag` = `<set id>:<key>`) and her own rows."""
    chosen = set(form.getlist("vraag"))
    questions = []
    for qset in sets:
        for q in qset["questions"]:
            if f"{qset['id']}:{q['key']}" in chosen:
                texts = q["text"] if isinstance(q["text"], dict) else {"nl": q["text"]}
                text = texts.get(lang) or texts.get("nl") or ""
                questions.append({"key": q["key"], "text": text, "kind": q["kind"], "comment": q["comment"]})
    for i in range(1, OWN_QUESTIONS + 1):
        text = _text(form, f"eigen-vraag-{i}")
        if text:
            kind = _text(form, f"eigen-soort-{i}")
            questions.append(
                {
                    "text": text,
                    "kind": kind if kind in KINDS else "open",
                    "comment": form.get(f"eigen-toelichting-{i}") == "on",
                }
            )
    return questions


def request_body(form: FormData, sets: list[dict], lang: str) -> dict:
    body: dict = {
        "purpose": _text(form, "doel"),
        "questions": questions_from(form, sets, lang),
        "givers": givers_from(form),
        "anonymous": form.get("anoniem") == "on",
        "self_reflection": form.get("zelfreflectie") == "on",
    }
    if _text(form, "deadline"):
        body["deadline"] = _text(form, "deadline")
    return body


def field_errors(problem: dict) -> dict[str, str]:
    """A problem's field errors by the field's first part (`body.givers.2.email` -> `givers`), or
    its detail under `form`."""
    errors: dict[str, str] = {}
    for e in problem.get("errors", []):
        field = e.get("field", "").removeprefix("body.").removeprefix("body").split(".")[0] or "form"
        errors.setdefault(field, e.get("reason", ""))
    if not errors or "form" not in errors:
        detail = problem.get("detail") or problem.get("title")
        if detail and not errors:
            errors["form"] = detail
    return errors


def progress(request: dict, gettext: Callable[[str], str]) -> str:
    """`3 van 5 beantwoord`, and for an anonymous request below its threshold `nog 1 antwoord nodig`."""
    counts = request.get("counts") or {}
    answered, asked = counts.get("answered", 0), counts.get("asked", 0)
    line = gettext("%(answered)s van %(asked)s beantwoord") % {"answered": answered, "asked": asked}
    needed = needed_answers(request)
    return f"{line}, {still_needed(needed, gettext)}" if needed else line


def needed_answers(request: dict) -> int:
    if not request.get("anonymous"):
        return 0
    answered = (request.get("counts") or {}).get("answered", 0)
    return max(0, int(request.get("threshold") or 0) - answered)


def still_needed(needed: int, gettext: Callable[[str], str]) -> str:
    if needed == 1:
        return gettext("nog 1 antwoord nodig")
    return gettext("nog %(n)s antwoorden nodig") % {"n": needed}


# --- the tenant's theme on the public page ------------------------------------------------------
HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
DEFAULT_PRIMARY = "#01689b"  # a calm, dark blue with white text (contrast above 4.5)


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = []
    for i in (0, 2, 4):
        c = int(value[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def theme(colours: dict | None) -> dict[str, str]:
    """The tenant's primary colour (only a hex colour: nothing else reaches the style attribute)
    with black or white text, whichever reads better; links keep the colour only where it stands
    out against white (WCAG AA, 4.5:1), else the default."""
    primary = (colours or {}).get("primary") or (colours or {}).get("primary_color") or ""
    if not isinstance(primary, str) or not HEX.match(primary):
        primary = DEFAULT_PRIMARY
    text = "#ffffff" if contrast(primary, "#ffffff") >= contrast(primary, "#000000") else "#000000"
    link = primary if contrast(primary, "#ffffff") >= 4.5 else DEFAULT_PRIMARY
    return {"primary": primary, "on_primary": text, "link": link}


def style(colours: dict | None) -> str:
    t = theme(colours)
    return (
        f"--portal-primary: {t['primary']}; --portal-on-primary: {t['on_primary']}; "
        f"--utrecht-link-color: {t['link']}; "
        f"--utrecht-button-primary-action-background-color: {t['primary']}; "
        f"--utrecht-button-primary-action-border-color: {t['primary']}; "
        f"--utrecht-button-primary-action-color: {t['on_primary']};"
    )
