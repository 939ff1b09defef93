"""Question sets: the Dutch defaults every tenant has without anyone creating them, and the rules
of a request's questions (pure)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

_NS = uuid.UUID("5b0f3c4e-2f7a-4f61-9d1e-0f2a5c6b7d80")


def _q(key: str, nl: str, en: str, kind: str = "open", comment: bool = False) -> dict:
    return {"key": key, "text": {"nl": nl, "en": en}, "kind": kind, "comment": comment}


def _set(key: str, nl: str, en: str, questions: list[dict]) -> dict:
    return {
        "id": uuid.uuid5(_NS, key),
        "key": key,
        "name": {"nl": nl, "en": en},
        "questions": questions,
        "version": 1,
        "builtin": True,
    }


# Seed 001 ("het goede gesprek", topics a-f), asked of the people around the employee.
GOOD_TALK = _set(
    "goed-gesprek",
    "Het goede gesprek (onderwerpen a-f)",
    "The good talk (topics a-f)",
    [
        _q(
            "a",
            "Doe ik de goede dingen? Doe ik de dingen goed?",
            "Am I doing the right things? Am I doing things right?",
            "rating",
            True,
        ),
        _q(
            "b",
            "Waar zie jij mijn kracht en talent, en waar krijg ik energie van?",
            "Where do you see my strength and talent, and what gives me energy?",
        ),
        _q(
            "c",
            "Waar ligt mijn toegevoegde waarde? Welke bijdrage lever ik aan de doelen?",
            "Where is my added value? What do I contribute to the goals?",
        ),
        _q(
            "d",
            "Hoe kan ik mij verder ontwikkelen? Wat zou mij daarbij helpen?",
            "How can I keep developing? What would help me?",
        ),
        _q(
            "e",
            "Hoe ervaar je mijn balans tussen belasting en belastbaarheid?",
            "How do you see my balance between workload and capacity?",
        ),
        _q(
            "f",
            "Zit ik volgens jou op de juiste plek?",
            "Do you think I am in the right place?",
            "rating",
            True,
        ),
    ],
)

# Feedback from customers, suppliers and partners (seed 004).
STAKEHOLDERS = _set(
    "samenwerking",
    "Samenwerking met klanten en partners",
    "Working with customers and partners",
    [
        _q(
            "samenwerking",
            "Hoe verloopt de samenwerking met mij?",
            "How is working with me going?",
            "rating",
            True,
        ),
        _q(
            "sterk",
            "Wat doe ik goed en moet ik vooral blijven doen?",
            "What do I do well and should keep doing?",
        ),
        _q("beter", "Wat kan ik beter of anders doen?", "What could I do better or differently?"),
    ],
)

# A short set of competencies from the catalogue the portfolio uses (Heemstede annex).
COMPETENCIES = _set(
    "competenties",
    "Competenties",
    "Competencies",
    [
        _q(
            "samenwerken",
            "Samenwerken: hoe werk ik samen met anderen?",
            "Cooperation: how do I work with others?",
            "rating",
            True,
        ),
        _q(
            "klantgericht",
            "Klantgerichtheid: hoe help ik inwoners en klanten?",
            "Customer focus: how do I help residents and customers?",
            "rating",
            True,
        ),
        _q(
            "resultaat",
            "Resultaatgerichtheid: maak ik waar wat ik afspreek?",
            "Result focus: do I deliver what I agree?",
            "rating",
            True,
        ),
        _q(
            "communicatie",
            "Communicatie: hoe duidelijk ben ik?",
            "Communication: how clear am I?",
            "rating",
            True,
        ),
    ],
)

DEFAULT_SETS: tuple[dict, ...] = (GOOD_TALK, STAKEHOLDERS, COMPETENCIES)
DEFAULTS_BY_ID = {s["id"]: s for s in DEFAULT_SETS}

RATING_MIN, RATING_MAX = 1, 5
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def slug(text: str, taken: set[str]) -> str:
    """A key for a question written without one: q1, q2, ... not yet taken."""
    n = 1
    while f"q{n}" in taken:
        n += 1
    return f"q{n}"


def with_keys(questions: Sequence[dict]) -> list[dict]:
    """The request's questions, each with a key (given ones kept, missing ones made)."""
    taken = {q["key"] for q in questions if q.get("key")}
    out = []
    for q in questions:
        key = q.get("key") or slug(q["text"], taken)
        taken.add(key)
        out.append({**q, "key": key})
    return out


def duplicate_keys(questions: Sequence[dict]) -> list[str]:
    keys = [q["key"] for q in questions if q.get("key")]
    return sorted({k for k in keys if keys.count(k) > 1})


def valid_key(key: str) -> bool:
    return bool(_KEY.match(key))


def answer_problems(
    questions: Sequence[dict], answers: Sequence[dict], *, complete: bool
) -> list[tuple[str, str, str]]:
    """(field, nl, en) for answers that do not fit the questions. `complete`: every question
    answered (a submitted answer); a draft may leave questions open."""
    kinds = {q["key"]: q for q in questions}
    errors: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for i, a in enumerate(answers):
        q = kinds.get(a["question_key"])
        where = f"body.answers[{i}]"
        if q is None:
            errors.append(
                (
                    f"{where}.question_key",
                    "deze vraag hoort niet bij het verzoek",
                    "no such question in this request",
                )
            )
            continue
        if a["question_key"] in seen:
            errors.append(
                (f"{where}.question_key", "deze vraag is al beantwoord", "this question is answered twice")
            )
        seen.add(a["question_key"])
        if q["kind"] == "rating":
            if complete and a.get("rating") is None:
                errors.append((f"{where}.rating", "geef een score van 1 tot 5", "give a rating from 1 to 5"))
            if a.get("text"):
                errors.append(
                    (
                        f"{where}.text",
                        "een scorevraag heeft geen tekst; gebruik de toelichting",
                        "a rating question has no text; use the comment",
                    )
                )
            if a.get("comment") and not q.get("comment"):
                errors.append(
                    (
                        f"{where}.comment",
                        "bij deze vraag hoort geen toelichting",
                        "this question takes no comment",
                    )
                )
        else:
            if a.get("rating") is not None:
                errors.append(
                    (f"{where}.rating", "een open vraag heeft geen score", "an open question has no rating")
                )
            if complete and not (a.get("text") or "").strip():
                errors.append((f"{where}.text", "vul een antwoord in", "write an answer"))
            if a.get("comment"):
                errors.append(
                    (
                        f"{where}.comment",
                        "een open vraag heeft geen aparte toelichting",
                        "an open question takes no separate comment",
                    )
                )
    if complete and not answers:
        errors.append(("body.answers", "beantwoord minstens een vraag", "answer at least one question"))
    return errors
