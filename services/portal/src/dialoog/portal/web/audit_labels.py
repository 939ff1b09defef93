"""The audit trail in words: the services record actions and object types as codes (`read`,
`talk_reports`); HR reads them in Dutch (or English). A code without a word here is shown as it is."""

from __future__ import annotations

from collections.abc import Callable


def action_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    return {
        "create": gettext("aangemaakt"),
        "read": gettext("ingezien"),
        "update": gettext("gewijzigd"),
        "confirm": gettext("bevestigd"),
        "lock": gettext("definitief gemaakt"),
        "establish": gettext("vastgesteld"),
        "export": gettext("personeelsdossier geëxporteerd"),
    }


def object_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    return {
        "portfolio": gettext("portfolio"),
        "period": gettext("periode"),
        "agreement": gettext("afspraak"),
        "talk": gettext("gespreksverslag"),
        "talk_reports": gettext("gespreksverslagen"),
        "reaction": gettext("reactie"),
        "competency": gettext("competentie (catalogus)"),
        "portfolio_competency": gettext("competentie in het portfolio"),
        "attachment": gettext("bijlage"),
        "assessment": gettext("beoordelingsgesprek"),
        "assessments": gettext("beoordelingsgesprekken"),
        "assessment_letter": gettext("beoordelingsbrief"),
        "decision": gettext("besluit"),
        "decisions": gettext("besluiten"),
        "decision_letter": gettext("besluitbrief"),
        "objection": gettext("bezwaar"),
        "objections": gettext("overzicht van bezwaren"),
        "escalation": gettext("escalatie"),
        "team": gettext("team"),
        "feedback": gettext("feedback"),
        "salary_letter": gettext("salarisbrief"),
        "follow_up_without_talk": gettext("opvolging: wie nog geen gesprek had"),
        "follow_up_overdue_agreements": gettext("opvolging: afspraken over hun datum"),
        "follow_up_development_needs": gettext("opvolging: ontwikkelbehoeften"),
    }


def actor_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    """Writes that arrived as another service's event name that service as the actor."""
    return {
        "salaris": gettext("de salarisadministratie (automatisch)"),
        "feedback": gettext("de feedbackdienst (automatisch)"),
    }


def label(labels: dict[str, str], code: str) -> str:
    return labels.get(code, code)
