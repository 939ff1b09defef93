"""HR's follow-up after the talks (seeds 001 and 004, ADR 0035): per unit the figures, with the
group figures hidden below the minimum group size, and the named follow-up lists HR works from.
Reading a named list is audited (it names people and their agreements); the unit figures are
counts and are not."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.cycle.versions import effective_on
from dialoog.kit.auth import Principal, require_roles
from dialoog.kit.pagination import PageRequest, by, page_of
from dialoog.portfolio.domain.follow_up import WORKLOAD_TOPIC, CycleFacts, level_counts, unit_figures
from dialoog.portfolio.persistence.follow_up import FollowUpRepository
from dialoog.portfolio.persistence.projections import ProjectionRepository
from dialoog.portfolio.service.auditing import audit

READERS = ("hr_advisor",)


async def _facts(session: AsyncSession, day: date) -> CycleFacts:
    versions = await ProjectionRepository(session).cycle_versions()
    version = effective_on(versions, day) or (versions[0] if versions else None)
    return CycleFacts.of(version.definition if version else None)


async def units(session: AsyncSession, principal: Principal, day: date) -> list[dict]:
    require_roles(principal, READERS)
    repo = FollowUpRepository(session)
    facts = await _facts(session, day)
    return [
        unit_figures(row._mapping, level_counts(row.conclusions), facts)
        for row in await repo.units(day, WORKLOAD_TOPIC)
    ]


async def named_list(
    session: AsyncSession,
    principal: Principal,
    which: str,
    day: date,
    page: PageRequest,
    unit: UUID | None,
) -> dict:
    """`without_talk`, `overdue_agreements` or `development_needs`, one page of it."""
    require_roles(principal, READERS)
    repo = FollowUpRepository(session)
    if which == "without_talk":
        rows = await repo.without_talk(day, page, unit)
        found = page_of(rows, page, by("employee_id"), lambda r: dict(r._mapping))
    else:
        rows = await repo.agreements(day, page, unit, overdue=which == "overdue_agreements")
        found = page_of(rows, page, by("id"), lambda r: dict(r._mapping))
    await audit(session, principal, "read", f"follow_up_{which}", unit or "")
    return found
