"""What's next on the home page (issue 14 point 2, ADR 0033): pure rules that turn what the
services answered into items per role. No I/O and no texts: an item names its kind, the page
where it is done and the values its sentence needs; the template words it (Dutch, English).

An item is gone once it has been done, because each rule reads the state that doing it
changes (a confirmed agreement, an answered request, a recorded talk, a decided objection)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dialoog.kit.objections import ObjectionState, last_day

# Awb art. 7:10: an objection is decided within six weeks (the advisory-committee extension is
# not modelled); the home shows that date beside each objection still open.
DECIDE_OBJECTION_WEEKS = 6
OPEN_OBJECTION = (ObjectionState.RECEIVED.value, ObjectionState.IN_PROGRESS.value)
# From this month on HR is reminded to open the year-end salary round that does not exist yet.
ROUND_SEASON_MONTH = 10
DECIDING = ("deciding", "escalated")


@dataclass(frozen=True)
class Item:
    kind: str
    href: str
    params: dict = field(default_factory=dict)
    due: date | None = None


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def by_due(items: list[Item]) -> list[Item]:
    """Items with a date first, the nearest first; the others after, in their rules' order."""
    return sorted(items, key=lambda i: (i.due is None, i.due or date.max))


# --- the employee ------------------------------------------------------------------------------
def employee(view: dict | None, assignments: list[dict] | None, decisions: list[dict] | None, today: date):
    """From her portfolio (portfolio), the requests addressed to her (feedback) and her salary
    decisions (salaris); a part that is None was not available and gives no items."""
    items: list[Item] = []
    if view is not None:
        items += _own_portfolio(view)
    for a in assignments or []:
        if a["state"] in ("asked", "draft") and a["request_state"] == "open":
            items.append(
                Item(
                    "answer_feedback",
                    f"/feedback/gevraagd/{a['id']}",
                    {"name": a.get("requester_name") or ""},
                    _day(a["deadline"]),
                )
            )
    for d in decisions or []:
        if d.get("objections"):
            continue
        for letter in d.get("letters") or []:
            deadline = _day(letter.get("objection_deadline"))
            if deadline is not None and deadline >= today:
                items.append(Item("read_letter", "/salaris", {"sent_on": _day(letter["sent_on"])}, deadline))
    return by_due(items)


def _own_portfolio(view: dict) -> list[Item]:
    return own_open(open_in_view(view))


def open_in_view(view: dict) -> dict:
    """What is open for her, worked out from her whole portfolio view: the shape portfolio's
    `/v1/portfolios/me/open` gives (counted there in SQL), which the home asks instead."""
    cycle = view["cycle"]
    reacted = {r.get("talk_id") for r in view["reactions"]}
    expected = next_expected_talk(cycle, view["talks"])
    return {
        "employee_id": view["employee_id"],
        "period": view["period"],
        "employee_may_react": cycle.get("employee_may_react", True),
        "agreements_to_confirm": [a for a in view["agreements"] if not a["confirmed_by_employee"]],
        "talks_to_react_to": [t for t in view["talks"] if t.get("conclusion") and t["id"] not in reacted],
        "expected_talk": expected,
    }


def own_open(summary: dict) -> list[Item]:
    """The same items as from her whole view (`_own_portfolio`), from what portfolio counted as
    open for her (`/v1/portfolios/me/open`, ADR 0038): the home's cheaper read."""
    items: list[Item] = []
    period, open_period = summary["period"], summary["period"]["status"] == "open"
    if open_period:
        for a in summary["agreements_to_confirm"]:
            items.append(Item("confirm_agreement", "/portfolio#afspraken", {"title": a["title"]}))
    if summary["employee_may_react"]:
        for t in summary["talks_to_react_to"]:
            items.append(Item("add_reaction", "/portfolio#reacties", {"held_on": _day(t["held_on"])}))
    expected = summary["expected_talk"]
    if expected is not None and open_period:
        href = (
            f"/portfolio/{summary['employee_id']}/gesprek?soort={expected['key']}"
            if "employee" in expected["recorded_by"]
            else "/portfolio"
        )
        items.append(Item("expected_talk", href, {"label": expected["label"]}, _day(period["ends_on"])))
    return items


def next_expected_talk(cycle: dict, talks: list[dict]) -> dict | None:
    """The first talk type of the cycle (in its own order) held fewer times than its minimum."""
    held: dict[str, int] = {}
    for t in talks:
        held[t["type"]] = held.get(t["type"], 0) + 1
    for talk_type in cycle["talk_types"]:
        if held.get(talk_type["key"], 0) < talk_type.get("per_period", {}).get("min", 0):
            return talk_type
    return None


# --- the manager -------------------------------------------------------------------------------
def manager(
    team: list[dict] | None,
    names: dict[str, str],
    salary_round: dict | None,
    waiting: int | None,
):
    """Per report what the cycle still expects and the agreements not yet confirmed by both (one
    team overview from portfolio), and the salary decisions still to take before the deadline
    (`waiting`: salaris counts them, open or returned and not with HR)."""
    items: list[Item] = []
    for member in team or []:
        person = str(member["employee_id"])
        name = names.get(person, "")
        if member["expected"]:
            labels = [member["expected_labels"][k] for k in member["expected"]]
            items.append(Item("team_expected", f"/portfolio/{person}", {"name": name, "labels": labels}))
        if member["open_agreements"]:
            items.append(
                Item(
                    "team_confirm",
                    f"/portfolio/{person}#afspraken",
                    {"name": name, "count": member["open_agreements"]},
                )
            )
    if salary_round is not None and salary_round["status"] in DECIDING and waiting:
        items.append(
            Item(
                "salary_decisions",
                "/team/salaris",
                {"count": waiting, "year": salary_round["year"]},
                _day(salary_round["deadline"]),
            )
        )
    return by_due(items)


# --- HR ----------------------------------------------------------------------------------------
def hr(
    completion: dict | None,
    objections: list[dict] | None,
    salary_objections: list[dict] | None,
    salary_round: dict | None,
    totals: dict | None,
    today: date,
):
    """Both HR parts at once (portfolio's and salaris'), as the home shows them together."""
    return by_due(
        hr_portfolio(completion, objections) + hr_salary(salary_objections, salary_round, totals, today)
    )


def hr_portfolio(completion: dict | None, objections: list[dict] | None) -> list[Item]:
    """Completion of the running periods (the tenant's totals), and the objections (assessments,
    decisions) still open with the day they must be decided."""
    items: list[Item] = []
    if completion:
        employees, with_talk = completion["employees"], completion["with_talk"]
        if with_talk < employees:
            items.append(
                Item("completion", "/hr/voortgang", {"with_talk": with_talk, "employees": employees})
            )
    for o in objections or []:
        if o["status"] in OPEN_OBJECTION:
            items.append(_objection(o, "/hr/bezwaren", o.get("employee_name") or ""))
    return by_due(items)


def hr_salary(
    salary_objections: list[dict] | None, salary_round: dict | None, totals: dict | None, today: date
) -> list[Item]:
    """Salary objections still open with that day, and the year's salary round: to open (from
    October on, when there is none), its progress (`totals`) and deadline, its escalations."""
    items: list[Item] = []
    for o in salary_objections or []:
        if o["state"] in OPEN_OBJECTION:
            items.append(_objection(o, "/hr/salaris/bezwaren", o.get("employee_name") or ""))
    if salary_round is None:
        if today.month >= ROUND_SEASON_MONTH:
            items.append(Item("open_round", "/hr/salaris", {"year": today.year}))
    elif salary_round["status"] in DECIDING and totals is not None:
        items.append(
            Item(
                "round_progress",
                "/hr/salaris",
                {"year": salary_round["year"], "decided": totals["decided"], "total": totals["total"]},
                _day(salary_round["deadline"]),
            )
        )
        if totals["with_hr"]:
            items.append(Item("round_escalations", "/hr/salaris", {"count": totals["with_hr"]}))
    elif salary_round["status"] == "approved":
        items.append(Item("round_letters", "/hr/salaris", {"year": salary_round["year"]}))
    return by_due(items)


def _objection(o: dict, href: str, name: str) -> Item:
    filed = _day(o["filed_on"])
    return Item("objection", href, {"name": name, "filed_on": filed}, last_day(filed, DECIDE_OBJECTION_WEEKS))


# --- the director ------------------------------------------------------------------------------
def director(reports: list[dict] | None) -> list[Item]:
    """The employees of her departments with talk reports recorded since she last read theirs
    (portfolio knows both: ADR 0033); reading them there clears the item."""
    return [
        Item(
            "report_to_read",
            f"/verslagen/{r['employee_id']}",
            {"who": r.get("email") or "", "count": r["unread"], "held_on": _day(r["last_held_on"])},
        )
        for r in reports or []
    ]


# --- the tenant admin --------------------------------------------------------------------------
def tenant_admin(current: dict | None, versions: list[dict] | None, imports: list[dict] | None, today: date):
    """The cycle version in force and the next one (or a reminder to plan it), the last import."""
    items: list[Item] = []
    if current is not None:
        items.append(
            Item(
                "cycle_in_force",
                "/beheer/cyclus",
                {
                    "label": current["definition"]["label"],
                    "number": current["number"],
                    "since": _day(current["effective_from"]),
                },
            )
        )
    if versions is not None:
        coming = [v for v in versions if _day(v["effective_from"]) > today]
        if coming:
            first = min(coming, key=lambda v: _day(v["effective_from"]))
            items.append(
                Item(
                    "cycle_next",
                    "/beheer/cyclus",
                    {"number": first["number"]},
                    _day(first["effective_from"]),
                )
            )
        else:
            items.append(Item("cycle_plan_next", "/beheer/cyclus", {"year": today.year + 1}))
    if imports:
        last = imports[0]
        kind = "import_failed" if last["failed"] else "last_import"
        items.append(
            Item(
                kind,
                f"/beheer/import/{last['id']}",
                {
                    "filename": last.get("filename") or "",
                    "at": last["created_at"],
                    "failed": last["failed"],
                    "status": last["status"],
                },
            )
        )
    return items
