"""The portfolio as a timeline (issue 14 point 3, ADR 0034): a period's talks and agreements in
time order, each agreement's state, and who may still do what in the period by the cycle's rules.
Pure: it works on what the portfolio service returned (the JSON of a PortfolioView)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dialoog.kit.clock import dutch_date

# The states of an agreement, in the order a period moves it through them; `decision_needed` is an
# agreement with legal consequences whose formal decision has not been established yet.
AGREEMENT_STATES = (
    "draft",
    "confirmed_by_employee",
    "confirmed_by_manager",
    "confirmed",
    "locked",
    "decision_needed",
)
# The cycle's roles as relations of the viewer to the portfolio (portfolio's domain.access).
RELATION_OF = {"employee": "self", "manager": "manager", "hr_advisor": "hr"}


def agreement_state(agreement: dict, period_status: str, decision: dict | None = None) -> str:
    if decision is not None and decision.get("status") == "needed":
        return "decision_needed"
    if period_status == "locked":
        return "locked"
    by_employee, by_manager = agreement["confirmed_by_employee"], agreement["confirmed_by_manager"]
    if by_employee and by_manager:
        return "confirmed"
    if by_employee:
        return "confirmed_by_employee"
    if by_manager:
        return "confirmed_by_manager"
    return "draft"


def _day(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return dutch_date(moment)


def entries(view: dict, decision_of: dict[str, dict] | None = None) -> list[dict]:
    """The period's talks (on the day they were held) and agreements (on the day they were made),
    oldest first; on one day in the order they were recorded."""
    decision_of = decision_of or {}
    status = view["period"]["status"]
    found = [
        {"kind": "talk", "day": _day(t["held_on"]), "at": str(t["created_at"]), "item": t, "state": None}
        for t in view["talks"]
    ]
    found += [
        {
            "kind": "agreement",
            "day": _day(a["created_at"]),
            "at": str(a["created_at"]),
            "item": a,
            "state": agreement_state(a, status, decision_of.get(a["id"])),
        }
        for a in view["agreements"]
    ]
    return sorted(found, key=lambda e: (e["day"], e["at"]))


def _item(who: str, what: str, relation: set[str], **extra: Any) -> dict:
    return {"who": who, "what": what, "mine": RELATION_OF.get(who) in relation, **extra}


def still_possible(view: dict, decisions: list[dict] | None = None) -> list[dict]:
    """What each role may still do in this period, from the cycle's rules: {who (a cycle role),
    what, mine (the viewer is that role here), and the talk type or number it is about}. The viewer
    sees every role's part, their own marked."""
    cycle, period = view["cycle"], view["period"]
    relation = set(view["relation"])
    agreement_ids = {a["id"] for a in view["agreements"]}
    needed = [
        d for d in decisions or [] if d["status"] == "needed" and d.get("agreement_id") in agreement_ids
    ]
    found: list[dict] = []
    if needed:
        found.append(_item("manager", "decide", relation, count=len(needed)))
    if period["status"] != "open":
        if cycle.get("employee_may_react", True) and "reaction" in cycle["definitive_moment"].get(
            "open_after_lock", ["reaction"]
        ):
            found.append(_item("employee", "react", relation))
        return found
    for who, flag in (("employee", "confirmed_by_employee"), ("manager", "confirmed_by_manager")):
        waiting = sum(1 for a in view["agreements"] if not a[flag])
        if waiting:
            found.append(_item(who, "confirm", relation, count=waiting))
    held = [t["type"] for t in view["talks"]]
    for talk in cycle["talk_types"]:
        count, frequency = held.count(talk["key"]), talk.get("per_period", {})
        most = frequency.get("max")
        if most is not None and count >= most:
            continue
        what = "expected" if count < frequency.get("min", 0) else "record"
        for who in talk["recorded_by"]:
            found.append(_item(who, what, relation, talk=talk["key"], label=talk["label"]))
    for who in ("employee", "manager"):
        found.append(_item(who, "add_agreement", relation))
    for who in cycle["definitive_moment"]["locked_by"]:
        found.append(_item(who, "lock", relation))
    if cycle.get("employee_may_react", True):
        found.append(_item("employee", "react", relation))
    return found
