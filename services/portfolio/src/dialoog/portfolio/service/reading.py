"""Reading portfolios: the employee's (or a reader's) view of the running period, the manager's
team overview, and the talk reports a director may read. Every read is audited."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.domain.periods import age_on
from dialoog.portfolio.persistence.attachments import AttachmentRepository
from dialoog.portfolio.persistence.competencies import CompetencyRepository
from dialoog.portfolio.persistence.feedback import FeedbackRepository
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.persistence.projections import ProjectionRepository
from dialoog.portfolio.persistence.salary_letters import SalaryLetterRepository
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.auditing import audit
from dialoog.portfolio.service.periods import current_period, current_periods


async def view(
    session: AsyncSession, principal: Principal, employee: UUID, today: date, origin: str | None
) -> dict:
    access = await resolve(session, principal, employee, Action.READ)
    period, definition = await current_period(session, principal.tenant, employee, today)
    repo = PortfolioRepository(session)
    result = {
        "employee_id": employee,
        "relation": sorted(access.found),
        "may_lock": bool(
            access.role in definition.definitive_moment.locked_by and access.found & {"self", "manager"}
        ),
        "cycle": definition.model_dump(mode="json"),
        "prompted_topics": {
            t.key: [
                topic.key
                for topic in definition.topics_to_prompt(
                    t.key, age_on(access.person.date_of_birth if access.person else None, today)
                )
            ]
            for t in definition.talk_types
        },
        "period": period._mapping,
        "agreements": [r._mapping for r in await repo.agreements_of(period.id)],
        "talks": [r._mapping for r in await repo.talks_of(period.id)],
        "reactions": [r._mapping for r in await repo.reactions_of(period.id)],
        "competencies": [r._mapping for r in await CompetencyRepository(session).of_period(period.id)],
        "attachments": [r._mapping for r in await AttachmentRepository(session).of_period(period.id)],
        # The feedback archive is the employee's, across periods (read-only).
        "feedback": [r._mapping for r in await FeedbackRepository(session).of_employee(employee)],
        # Salary decision letters sent by salaris, across periods (the PDF stays in salaris).
        "salary_letters": [r._mapping for r in await SalaryLetterRepository(session).of_employee(employee)],
    }
    await audit(session, principal, "read", "portfolio", employee, origin=origin)
    return result


async def team(session: AsyncSession, principal: Principal, today: date) -> list[dict]:
    """The caller's reports with, per person, the last talk, open agreements, and what the cycle
    still expects this period (talk types below their minimum, with their labels)."""
    projections = ProjectionRepository(session)
    me = await projections.person_id_for(principal)
    if me is None:
        return []
    repo = PortfolioRepository(session)
    versions = await projections.cycle_versions()
    if not versions:
        return []
    periods = await current_periods(
        session, principal.tenant, await projections.reports_of(me), today, versions
    )
    ids = [period.id for period, _ in periods]
    talks_of, agreements_of = await repo.talks_of_periods(ids), await repo.agreements_of_periods(ids)
    rows = []
    for period, definition in periods:
        held, agreements = talks_of[period.id], agreements_of[period.id]
        counts = {t.key: sum(1 for h in held if h.type == t.key) for t in definition.talk_types}
        expected = [t for t in definition.talk_types if counts[t.key] < t.per_period.min]
        rows.append(
            {
                "employee_id": period.employee_id,
                "period_id": period.id,
                "status": period.status,
                "last_talk": max((h.held_on for h in held), default=None),
                "open_agreements": sum(
                    1 for a in agreements if not (a.confirmed_by_employee and a.confirmed_by_manager)
                ),
                "agreements": len(agreements),
                "expected": [t.key for t in expected],
                "expected_labels": {t.key: t.label.model_dump() for t in expected},
            }
        )
    await audit(session, principal, "read", "team", me)
    return rows


async def talk_reports(
    session: AsyncSession, principal: Principal, employee: UUID, today: date, origin
) -> dict:
    """The talk reports of the running period: also for the director of the employee's department
    when the cycle says so (Heemstede), who sees no agreements or reactions."""
    period, definition = await current_period(session, principal.tenant, employee, today)
    await resolve(
        session,
        principal,
        employee,
        Action.READ_REPORTS,
        director_reads_reports=definition.read_access.director_reads_talk_reports,
    )
    talks = [r._mapping for r in await PortfolioRepository(session).talks_of(period.id)]
    await audit(session, principal, "read", "talk_reports", employee, origin=origin)
    return {"employee_id": employee, "period": period._mapping, "talks": talks}
