"""What's next on the home page (ADR 0033): for each part (a service's answer for one role) one
call or two, all parts at the same time, each with a short time limit. A part that does not
answer in time, is down or refuses gives no items and is shown as "niet beschikbaar"; it never
breaks the page. The rules that turn the answers into items are pure (domain/next_steps.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from fastapi import Request

from dialoog.kit.clock import today
from dialoog.kit.unavailable import DependencyUnavailable
from dialoog.portal.domain import next_steps as rules
from dialoog.portal.web.services import (
    LoginRequired,
    ServiceError,
    feedback,
    organisatie,
    portfolio,
    salaris,
)

log = logging.getLogger(__name__)

# Seconds a part may take; the home's own budget is about this (the parts run side by side).
PART_TIME_LIMIT = 2.0
# A list the home reads whole in one call (a manager's decisions, HR's objections): the services'
# largest page; more than this is the list page's to show, the home shows the first ones.
ONE_PAGE = 200


class Part:
    """One service's answer for one role: its items, or None when it was not available."""

    def __init__(self, name: str, fetch: Callable[[], Awaitable[list[rules.Item]]]) -> None:
        self.name = name
        self.fetch = fetch


async def _json(client, path: str, params: dict | None = None):
    return (await client.call("GET", path, params=params, time_limit=PART_TIME_LIMIT)).json()


async def _items(client, path: str, params: dict | None = None) -> list:
    return (await _json(client, path, {"limit": ONE_PAGE, **(params or {})}))["items"]


async def _run(part: Part) -> tuple[str, list[rules.Item] | None]:
    try:
        return part.name, await asyncio.wait_for(part.fetch(), PART_TIME_LIMIT * 2)
    except LoginRequired:
        raise
    except ServiceError as exc:
        if exc.status in (403, 404):  # nothing of this part for this person (no portfolio, ...)
            return part.name, []
        log.warning("home: part %s not available: %s", part.name, exc)
        return part.name, None
    except (DependencyUnavailable, TimeoutError, KeyError, ValueError) as exc:
        log.warning("home: part %s not available: %s", part.name, exc)
        return part.name, None


def _parts(request: Request, roles: list[str]) -> list[Part]:
    day = today()
    p, s, f, o = portfolio(request), salaris(request), feedback(request), organisatie(request)

    async def own_portfolio():
        return rules.by_due(rules.own_open(await _json(p, "/v1/portfolios/me/open")))

    async def asked_of_me():
        return rules.employee(None, await _items(f, "/v1/feedback/assignments"), None, day)

    async def my_letters():
        return rules.employee(None, None, await _items(s, "/v1/salary/me/decisions"), day)

    async def my_team():
        team, reports = await asyncio.gather(_items(p, "/v1/team"), _items(o, "/v1/people/me/reports"))
        names = {r["id"]: f"{r['first_name']} {r['last_name']}" for r in reports}
        return rules.manager(team, names, None, None)

    async def this_years_round() -> dict | None:
        """Salaris' summary of this year's round for the caller (a manager's decisions to take,
        HR's totals), or None when there is none: one call, not the rounds and then a list."""
        try:
            return await _json(s, f"/v1/salary/rounds/{day.year}/summary")
        except ServiceError as exc:
            if exc.status == 404:
                return None
            raise

    async def team_salary():
        summary = await this_years_round()
        if summary is None:
            return []
        return rules.manager(None, {}, summary["round"], summary.get("waiting_for_me"))

    async def hr_portfolio():
        # The tenant's totals in one row (summing the units here read 385 rows at 5,000: ADR 0038).
        completion, objections = await asyncio.gather(
            _json(p, "/v1/dashboard/totals"), _items(p, "/v1/objections")
        )
        return rules.hr_portfolio(completion, objections)

    async def hr_salary():
        summary, objections = await asyncio.gather(this_years_round(), _items(s, "/v1/salary/objections"))
        current = summary["round"] if summary else None
        return rules.hr_salary(objections, current, summary.get("totals") if summary else None, day)

    async def reports_to_read():
        return rules.director(await _items(p, "/v1/talk-reports/to-read"))

    async def administration():
        current, versions, imports = await asyncio.gather(
            _json(o, "/v1/cycle"), _items(o, "/v1/cycle/versions"), _items(o, "/v1/imports", {"limit": 1})
        )
        return rules.tenant_admin(current, versions, imports, day)

    parts = [Part("portfolio", own_portfolio), Part("feedback", asked_of_me), Part("salaris", my_letters)]
    if "manager" in roles:
        parts += [Part("team", my_team), Part("team_salaris", team_salary)]
    if "hr_advisor" in roles:
        parts += [Part("hr_portfolio", hr_portfolio), Part("hr_salaris", hr_salary)]
    if "director" in roles:
        parts += [Part("verslagen", reports_to_read)]
    if "tenant_admin" in roles:
        parts += [Part("beheer", administration)]
    return parts


# The heading each part's items stand under on the home, per role.
GROUPS = {
    "mine": ("portfolio", "feedback", "salaris"),
    "team": ("team", "team_salaris"),
    "hr": ("hr_portfolio", "hr_salaris"),
    "directie": ("verslagen",),
    "beheer": ("beheer",),
}


async def whats_next(request: Request, roles: list[str]) -> dict[str, dict]:
    """Per group: its items (by date) and the parts that were not available."""
    found = dict(await asyncio.gather(*(_run(part) for part in _parts(request, roles))))
    out: dict[str, dict] = {}
    for group, names in GROUPS.items():
        asked = [n for n in names if n in found]
        if not asked:
            continue
        items = [i for n in asked for i in (found[n] or [])]
        out[group] = {"items": rules.by_due(items), "unavailable": [n for n in asked if found[n] is None]}
    return out
