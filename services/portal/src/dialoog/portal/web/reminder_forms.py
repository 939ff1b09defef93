"""The tenant admin's reminder settings on /beheer/meldingen (ADR 0030): per kind on or off, the
days before (negative) or after its anchor, and whom to tell; the form as notificaties' body, and
the labels. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping

KINDS = ("feedback_deadline", "objection_term", "halfway_talk", "talk_this_year", "conclusion_due")


def kind_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    return {
        "feedback_deadline": gettext("Termijn van een feedbackvraag"),
        "objection_term": gettext("Einde van een bezwaartermijn"),
        "halfway_talk": gettext("Voortgangsgesprek halverwege het jaar nog niet gevoerd"),
        "talk_this_year": gettext("Dit jaar nog geen goed gesprek"),
        "conclusion_due": gettext("Conclusie van dit jaar nog niet vastgelegd"),
    }


def anchor_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    return {
        "feedback_deadline": gettext("dagen vóór (−) de uiterste datum van de vraag"),
        "objection_term": gettext("dagen vóór (−) de laatste dag om bezwaar te maken"),
        "halfway_talk": gettext("dagen vóór (−) of na 1 juli"),
        "talk_this_year": gettext("dagen vóór (−) 31 december"),
        "conclusion_due": gettext("dagen vóór (−) 31 december"),
    }


def audience_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    return {
        "employee": gettext("Medewerker"),
        "manager": gettext("Leidinggevende"),
        "both": gettext("Beiden"),
        "givers": gettext("Wie nog niet antwoordde"),
        "requester": gettext("Wie de feedback vroeg"),
    }


def offsets_text(offsets: list[int]) -> str:
    return ", ".join(str(o) for o in offsets)


def reminders_body(form: Mapping[str, str], gettext: Callable[[str], str]) -> tuple[dict, dict[str, str]]:
    """The form as `PUT /v1/reminders/settings`'s body, and what is wrong per field
    (`offsets-<kind>`): days are whole numbers, separated by commas."""
    body: dict[str, dict] = {}
    errors: dict[str, str] = {}
    for kind in KINDS:
        raw = str(form.get(f"offsets-{kind}", "")).replace("−", "-").strip()
        offsets: list[int] = []
        for part in filter(None, (p.strip() for p in raw.split(","))):
            try:
                offsets.append(int(part))
            except ValueError:
                errors[f"offsets-{kind}"] = gettext("Geef hele dagen, gescheiden door komma's, zoals -7, -2.")
                break
        body[kind] = {
            "enabled": form.get(f"enabled-{kind}") is not None,
            "offsets": offsets,
            "audience": str(form.get(f"audience-{kind}", "")),
        }
    return body, errors
