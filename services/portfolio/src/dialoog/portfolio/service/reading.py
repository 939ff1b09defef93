"""Reading portfolios: the employee's (or a reader's) view of the running period, the manager's
team overview, and the talk reports a director may read. Every read is audited."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.cycle.versions import effective_on
from dialoog.kit.auth import Principal
from dialoog.kit.pagination import PageRequest, page_of
from dialoog.kit.problems import not_found
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.domain.periods import age_on
from dialoog.portfolio.domain.reports import units_under
from dialoog.portfolio.persistence.attachments import AttachmentRepository
from dialoog.portfolio.persistence.competencies import CompetencyRepository
from dialoog.portfolio.persistence.feedback import FeedbackRepository
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.persistence.projections import ProjectionRepository
from dialoog.portfolio.persistence.reports import ReportsRepository
from dialoog.portfolio.persistence.salary_letters import SalaryLetterRepository
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.auditing import audit
from dialoog.portfolio.service.periods import current_period, current_periods, definition_of


async def view(
    session: AsyncSession,
    principal: Principal,
    employee: UUID,
    today: date,
    origin: str | None,
    period_id: UUID | None = None,
) -> dict:
    """The portfolio in the period covering today, or in one of the employee's earlier (or later)
    periods: the same view, read with the cycle version that period runs on."""
    access = await resolve(session, principal, employee, Action.READ)
    repo = PortfolioRepository(session)
    if period_id is None:
        period, definition = await current_period(session, principal.tenant, employee, today)
    else:
        period = await repo.period(period_id)
        if period is None or period.employee_id != employee:
            raise not_found("portfolio-not-found")
        definition = await definition_of(session, period.cycle_version)
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


async def periods(
    session: AsyncSession, principal: Principal, employee: UUID, page: PageRequest, origin: str | None
) -> dict:
    """The employee's periods, newest first: continuity across years and managers (seed 000 point
    7), for whoever may read the portfolio now."""
    await resolve(session, principal, employee, Action.READ)
    rows = await PortfolioRepository(session).periods_page(employee, page)
    await audit(session, principal, "read", "portfolio", employee, origin=origin)
    return page_of(rows, page, lambda r: (r.starts_on, r.id), lambda r: r._mapping)


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


async def reports_to_read(session: AsyncSession, principal: Principal, today: date) -> list[dict]:
    """For a director (Heemstede): per employee of the units under hers, the talks of the running
    period recorded since she last read that employee's talk reports; nothing where the cycle in
    force does not let directors read them. Reading them (talk_reports) is what clears them."""
    if "director" not in principal.roles:
        return []
    projections = ProjectionRepository(session)
    me = await projections.person_id_for(principal)
    versions = await projections.cycle_versions()
    in_force = effective_on(versions, today) if versions else None
    if me is None or in_force is None or not in_force.definition.read_access.director_reads_talk_reports:
        return []
    person = await projections.person(me)
    repo = ReportsRepository(session)
    units = units_under(await repo.unit_parents(), person.org_unit_id if person else None)
    employees = {r.person_id: r.email for r in await repo.people_in_units(units, me)}
    rows = await repo.unread(list(employees), principal.username, today)
    return [{**r._mapping, "email": employees.get(r.employee_id)} for r in rows]
