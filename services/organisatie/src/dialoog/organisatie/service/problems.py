"""The problems organisatie's use cases raise (RFC 9457, Dutch and English)."""

from __future__ import annotations

from dialoog.kit.errors import Problem, Text, field_error


def not_found(what_nl: str, what_en: str, code: str) -> Problem:
    return Problem(404, code, Text(f"{what_nl} niet gevonden", f"{what_en} not found"))


def invalid(field: str, reason_nl: str, reason_en: str, code: str = "validation") -> Problem:
    return Problem(
        422,
        code,
        Text("Ongeldige invoer", "Invalid input"),
        Text(f"{field}: {reason_nl}", f"{field}: {reason_en}"),
        {"errors": [field_error(field, reason_nl, reason_en, code)]},
    )


def conflict(code: str, nl: str, en: str) -> Problem:
    return Problem(409, code, Text("Conflict", "Conflict"), Text(nl, en))
