"""The tenant's competency catalogue (the tenant admin keeps it) and the competencies an employee
works on in a period, picked from it with a note (the manager may add too). Never commits."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from dialoog.kit.auth import Principal, require_roles
from dialoog.kit.concurrency import stale_version
from dialoog.kit.errors import Problem
from dialoog.kit.problems import conflict, invalid_field, not_found
from dialoog.portfolio.persistence.competencies import CompetencyRepository
from dialoog.portfolio.service.auditing import audit
from dialoog.portfolio.service.periods import writable_period

ADMIN = ["tenant_admin"]


def _not_found() -> Problem:
    return not_found("competency-not-found")


async def catalogue(session, principal: Principal, include_inactive: bool) -> list:
    if include_inactive:
        require_roles(principal, ADMIN)
    return await CompetencyRepository(session).catalogue(include_inactive)


async def add(session, principal: Principal, key: str, name: str, description: str | None, origin):
    require_roles(principal, ADMIN)
    row = await CompetencyRepository(session).add(principal.tenant, key, name, description)
    if row is None:
        raise conflict(
            "competency-exists",
            f"De catalogus heeft al een competentie '{key}'.",
            f"The catalogue already has '{key}'.",
        )
    await audit(session, principal, "create", "competency", row.id, origin=origin)
    return row


async def change(session, principal: Principal, competency_id: UUID, expected: int, values: dict, origin):
    require_roles(principal, ADMIN)
    repo = CompetencyRepository(session)
    if await repo.get(competency_id) is None:
        raise _not_found()
    row = await repo.change(competency_id, expected, values)
    if row is None:
        raise stale_version()
    await audit(session, principal, "update", "competency", competency_id, origin=origin)
    return row


async def choose(
    session, principal: Principal, employee: UUID, key: str, note: str | None, today: date, origin
):
    """Into the open period; only what the catalogue has (and has active)."""
    _access, period, _definition = await writable_period(session, principal, employee, today)
    repo = CompetencyRepository(session)
    competency = await repo.by_key(key)
    if competency is None or not competency.active:
        raise invalid_field(
            "body.competency",
            f"'{key}' staat niet in de competentiecatalogus van deze organisatie",
            f"'{key}' is not in this organisation's competency catalogue",
            "cycle-rule",
        )
    row = await repo.choose(principal.tenant, period.id, competency.id, note, principal.username)
    if row is None:
        raise conflict(
            "competency-chosen",
            f"'{competency.name}' staat al in deze periode.",
            f"'{competency.name}' is in this period already.",
        )
    await audit(session, principal, "create", "portfolio_competency", row.id, origin=origin)
    return {**row._mapping, "key": competency.key, "name": competency.name}
