"""The portfolio page in one read (ADR 0038): the period's view with the first page of each list the
portal shows beside it (the employee's assessments, decisions and periods, the tenant's competency
catalogue). The same rights as the separate reads (the caller must be able to read the portfolio),
one access check instead of five, and audited as they are: a read of the portfolio, of its
assessments and of its decisions. Each list is a Page whose next_cursor continues at that list's
own endpoint (the same key and order)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal
from dialoog.kit.pagination import PageRequest, by, page_list, page_of
from dialoog.portfolio.persistence.assessments import AssessmentRepository
from dialoog.portfolio.persistence.competencies import CompetencyRepository
from dialoog.portfolio.persistence.decisions import DecisionRepository
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.service import objecting, reading
from dialoog.portfolio.service.auditing import audit


async def overview(
    session: AsyncSession,
    principal: Principal,
    employee: UUID,
    today: date,
    origin: str | None,
    limit: int,
    period_id: UUID | None = None,
) -> dict:
    first = PageRequest(after=None, limit=limit)
    result = await reading.view(session, principal, employee, today, origin, period_id)  # checks, audits
    assessments = await objecting.listed(
        session, await AssessmentRepository(session).of_employee(employee), "assessment"
    )
    decisions = await objecting.listed(
        session, await DecisionRepository(session).of_employee(employee), "decision"
    )
    periods = await PortfolioRepository(session).periods_page(employee, first)
    catalogue = await CompetencyRepository(session).catalogue()
    await audit(session, principal, "read", "assessments", employee, origin=origin)
    await audit(session, principal, "read", "decisions", employee, origin=origin)
    return result | {
        "assessments": page_list(assessments, first, by("created_at", "id")),
        "decisions": page_list(decisions, first, by("created_at", "id")),
        "periods": page_of(periods, first, lambda r: (r.starts_on, r.id), lambda r: r._mapping),
        "catalogue": page_list([dict(r._mapping) for r in catalogue], first, by("name", "id")),
    }
