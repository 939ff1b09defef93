"""What a decision letter says, as data for the Typst template. Pure: the caller renders it."""

from __future__ import annotations

from datetime import date

from dialoog.kit.dutch import euros, long_date
from dialoog.kit.objections import last_day
from dialoog.salaris.domain.motivation import FIELDS


def letter_data(
    *,
    settings: dict,
    employee_name: str,
    employee_number: str,
    decision: dict,
    amounts_before: tuple[int, ...],
    amounts_after: tuple[int, ...],
    sent_on: date,
    effective_on: date,
) -> dict:
    old, new = decision["step"], decision["new_step"]
    yes = decision["outcome"] == "yes"
    return {
        "organisation": settings["organisation_name"],
        "employee_name": employee_name,
        "employee_number": employee_number,
        "sent_on": long_date(sent_on),
        "effective_on": long_date(effective_on),
        "reference": f"SAL-{effective_on.year - 1}-{str(decision['id'])[:8]}-v{decision['decision_version']}",
        "intro": settings["intro"],
        "decision_text": (
            f"U ontvangt per {long_date(effective_on)} een periodieke verhoging: u gaat van trede {old} "
            f"naar trede {new} van schaal {decision['scale']}."
            if yes
            else f"U ontvangt per {long_date(effective_on)} geen periodieke verhoging: u blijft in trede "
            f"{old} van schaal {decision['scale']}."
        ),
        "scale": decision["scale"],
        "old_step": str(old),
        "new_step": str(new),
        "old_amount": euros(amounts_before[min(old, len(amounts_before) - 1)]),
        "new_amount": euros(amounts_after[min(new, len(amounts_after) - 1)]),
        "motivation": [
            {"label": FIELDS[key][0], "text": (decision["motivation"] or {}).get(key, "")} for key in FIELDS
        ],
        "reward_advice": decision.get("reward_advice"),
        "deviation_reason": decision.get("deviation_reason"),
        "objection_deadline": long_date(last_day(sent_on)),
        "objection_address": settings["objection_address"],
        "closing": settings["closing"],
        "signatory_name": settings["signatory_name"],
        "signatory_title": settings["signatory_title"],
    }


def default_settings(organisation_name: str) -> dict:
    """A tenant's letter texts until its HR changes them."""
    return {
        "probation_eligible": False,
        "organisation_name": organisation_name,
        "signatory_name": "Het hoofd HR",
        "signatory_title": f"namens {organisation_name}",
        "objection_address": f"{organisation_name}, t.a.v. de bezwaarschriftencommissie personeel",
        "intro": "Aan het einde van het jaar heeft uw leidinggevende met u een salarisgesprek gevoerd. "
        "Daarin is besproken of u in aanmerking komt voor een periodieke verhoging. "
        "In deze brief leest u het besluit en de motivering.",
        "closing": "Met vriendelijke groet,",
    }
