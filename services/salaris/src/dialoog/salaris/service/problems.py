from dialoog.kit.errors import Problem, Text, field_error


def not_found(nl: str = "Niet gevonden", en: str = "Not found", code: str = "not-found") -> Problem:
    # Also when the object exists but is not the caller's to see: its existence is not revealed.
    return Problem(404, code, Text(nl, en))


def forbidden(nl: str, en: str) -> Problem:
    return Problem(403, "forbidden", Text("Geen toegang", "Forbidden"), Text(nl, en))


def conflict(code: str, nl_title: str, en_title: str, nl: str, en: str, **extra) -> Problem:
    return Problem(409, code, Text(nl_title, en_title), Text(nl, en), extra)


def invalid(errors: list[tuple[str, str, str]], code: str = "invalid") -> Problem:
    """errors: (field, Dutch reason, English reason)."""
    return Problem(
        422,
        code,
        Text("Ongeldige invoer", "Invalid input"),
        Text("; ".join(nl for _, nl, _ in errors), "; ".join(en for _, _, en in errors)),
        {"errors": [field_error(f, nl, en, code) for f, nl, en in errors]},
    )
