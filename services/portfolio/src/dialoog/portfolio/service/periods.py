"""The period a use case works in: the one covering today, opened on first use with the cycle
version in force at its start, and writable until the definitive moment."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.cycle.schema import CycleDefinition
from dialoog.contracts.cycle.versions import Version, effective_on
from dialoog.kit.auth import Principal
from dialoog.kit.errors import Problem
from dialoog.kit.problems import conflict, problem
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.domain.periods import period_bounds
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.persistence.projections import ProjectionRepository
from dialoog.portfolio.service.access import Access, resolve


def period_locked() -> Problem:
    return conflict(
        "period-locked",
        "Na het definitieve moment kan alleen nog een reactie worden toegevoegd.",
        "After the definitive moment only a reaction can be added.",
    )


async def definition_of(session: AsyncSession, version: int) -> CycleDefinition:
    definition = await ProjectionRepository(session).cycle_version(version)
    if definition is None:
        raise problem("cycle-unknown")
    return definition


def _bounds(versions: list[Version], today: date) -> tuple[date, date, Version]:
    """The period covering today (by the cycle in force today) and the version in force at its start."""
    if not versions:
        raise problem("cycle-unknown")
    latest_today = effective_on(versions, today) or versions[0]
    start, end = period_bounds(today, latest_today.definition.period_months)
    return start, end, effective_on(versions, start) or min(versions, key=lambda v: v.number)


def _definition(versions: list[Version], period) -> CycleDefinition:
    definition = next((v.definition for v in versions if v.number == period.cycle_version), None)
    if definition is None:
        raise problem("cycle-unknown")
    return definition


async def current_period(
    session: AsyncSession, tenant: str, employee: UUID, today: date, versions: list[Version] | None = None
) -> tuple[Any, CycleDefinition]:
    """The period covering today and its cycle definition. The period is opened on first use with
    the cycle version in force at its start (work already started stays on that version).
    `versions`: the tenant's cycle versions when the caller has them already."""
    if versions is None:
        versions = await ProjectionRepository(session).cycle_versions()
    start, end, version = _bounds(versions, today)
    period = await PortfolioRepository(session).open_period(tenant, employee, start, end, version.number)
    return period, _definition(versions, period)


async def current_periods(
    session: AsyncSession, tenant: str, employees: list[UUID], today: date, versions: list[Version]
) -> list[tuple[Any, CycleDefinition]]:
    """`current_period` of each employee, in their order, in a few queries instead of two each
    (a manager's team page; bench/portal.py measured the difference)."""
    start, end, version = _bounds(versions, today)
    found = await PortfolioRepository(session).open_periods(tenant, employees, start, end, version.number)
    return [(found[e], _definition(versions, found[e])) for e in employees]


async def writable_period(
    session: AsyncSession, principal: Principal, employee: UUID, today: date
) -> tuple[Access, Any, CycleDefinition]:
    """The caller's access, the open period covering today and its cycle definition."""
    access = await resolve(session, principal, employee, Action.WRITE)
    period, definition = await current_period(session, principal.tenant, employee, today)
    if period.status != "open":
        raise period_locked()
    return access, period, definition
