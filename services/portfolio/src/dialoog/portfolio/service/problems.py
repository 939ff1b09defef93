from dialoog.kit.errors import Problem, Text, field_error


def not_found() -> Problem:
    # Also when the portfolio exists but is not the caller's to see: its existence is not revealed.
    return Problem(404, "portfolio-not-found", Text("Portfolio niet gevonden", "Portfolio not found"))


def forbidden(nl: str, en: str) -> Problem:
    return Problem(403, "forbidden", Text("Geen toegang", "Forbidden"), Text(nl, en))


def locked() -> Problem:
    return Problem(
        409,
        "period-locked",
        Text("Periode is definitief", "Period is locked"),
        Text(
            "Na het definitieve moment kan alleen nog een reactie worden toegevoegd.",
            "After the definitive moment only a reaction can be added.",
        ),
    )


def rule(field: str, nl: str, en: str) -> Problem:
    return Problem(
        422,
        "cycle-rule",
        Text("Past niet in de gesprekscyclus", "Not allowed by the cycle"),
        Text(f"{field}: {nl}", f"{field}: {en}"),
        {"errors": [field_error(f"body.{field}", nl, en, "cycle_rule")]},
    )
