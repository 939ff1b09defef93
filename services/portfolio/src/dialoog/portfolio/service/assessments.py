"""The assessment talk (always possible, every variant): request, report, the manager's
assessment with a letter, and the objection with its legal term. Never commits."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.events.portfolio import (
    AssessmentEstablished,
    AssessmentRequested,
    EscalationRaised,
)
from dialoog.kit.auth import Principal
from dialoog.kit.concurrency import stale_version
from dialoog.kit.errors import Problem
from dialoog.kit.objections import last_day
from dialoog.kit.problems import conflict, forbidden, invalid_field
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.domain.periods import in_probation
from dialoog.portfolio.persistence.assessments import AssessmentRepository, EscalationRepository
from dialoog.portfolio.persistence.events import outbox
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.persistence.projections import ProjectionRepository
from dialoog.portfolio.service import objecting
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.auditing import audit
from dialoog.portfolio.service.periods import current_period

LETTER = objecting.template("assessment_letter.typ")


def _state_conflict(status: str) -> Problem:
    return conflict(
        "assessment-state",
        f"Het beoordelingsgesprek is in de stand '{status}'.",
        f"The assessment is '{status}'.",
    )


async def request_assessment(
    session: AsyncSession, principal: Principal, employee: UUID, today: date, origin
):
    access = await resolve(session, principal, employee, Action.WRITE)
    period, definition = await current_period(session, principal.tenant, employee, today)
    if access.role not in definition.assessment_talk.requested_by:
        raise forbidden(
            "In deze cyclus vraagt deze rol geen beoordelingsgesprek aan.",
            "In this cycle this role does not request an assessment talk.",
        )
    await _probation_rule(session, access.person, period, definition, today)
    row = await AssessmentRepository(session).add(
        principal.tenant, employee, period.id, access.role, definition.assessment_talk.objection.term_weeks
    )
    await outbox.add(
        session,
        principal.tenant,
        AssessmentRequested(assessment_id=row.id, employee_id=employee, requested_by=access.role),
    )
    await audit(session, principal, "create", "assessment", row.id, origin=origin)
    return row


async def _probation_rule(session, person, period, definition, today: date) -> None:
    """Seed 002: an assessment at the end of a probation needs the improvement points to have been
    raised in a progress talk (`person`: the employee's row in the projection)."""
    rules = definition.probation
    if not (
        rules.enabled
        and rules.improvement_points_in_progress_talk_required
        and person
        and person.probation_end
    ):
        return
    if not in_probation(person.probation_end, today):
        return
    progress = [
        t
        for t in await PortfolioRepository(session).talks_of(period.id)
        if definition.talk(t.type).timing == "halfway" and str(t.record.get("improvement_points", "")).strip()
    ]
    if not progress:
        raise invalid_field(
            "body.type",
            "tijdens de proeftijd moeten de verbeterpunten eerst in een voortgangsgesprek aan de orde "
            "zijn geweest",
            "during probation the improvement points must first have been raised in a progress talk",
            "cycle-rule",
        )


async def _own_assessment(session, principal, assessment_id: UUID, action: Action):
    return await objecting.load_decided(
        session, principal, AssessmentRepository(session), assessment_id, action
    )


async def record_report(session, principal, assessment_id: UUID, expected: int, report: str, origin):
    row, _ = await _own_assessment(session, principal, assessment_id, Action.CONCLUDE)
    if row.status != "requested":
        raise _state_conflict(row.status)
    moved = await AssessmentRepository(session).move(
        assessment_id, expected, "requested", {"status": "held", "report": report}
    )
    if moved is None:
        raise stale_version()
    await audit(session, principal, "update", "assessment", assessment_id, origin=origin)
    return moved


async def establish(
    session, principal, assessment_id: UUID, expected: int, assessment: str, today: date, origin
):
    row, _ = await _own_assessment(session, principal, assessment_id, Action.CONCLUDE)
    if row.status != "held":
        raise _state_conflict(row.status)
    deadline = last_day(today, row.objection_weeks)
    letter = await objecting.letter_pdf(
        LETTER,
        {
            "tenant": principal.tenant,
            "sent_on": today.isoformat(),
            "assessment": assessment,
            "deadline": deadline.isoformat(),
            "manager": principal.name or principal.username,
        },
    )
    moved = await AssessmentRepository(session).move(
        assessment_id,
        expected,
        "held",
        {"status": "established", "assessment": assessment, "letter": letter, "letter_sent_on": today},
    )
    if moved is None:
        raise stale_version()
    await outbox.add(
        session,
        principal.tenant,
        AssessmentEstablished(
            assessment_id=assessment_id,
            employee_id=row.employee_id,
            letter_sent_on=today,
            objection_deadline=deadline,
        ),
    )
    await audit(session, principal, "establish", "assessment", assessment_id, origin=origin)
    return moved


async def letter(session, principal, assessment_id: UUID, origin) -> bytes:
    repo = AssessmentRepository(session)
    return await objecting.letter(session, principal, repo, assessment_id, origin, against="assessment")


async def file_objection(session, principal, assessment_id: UUID, reason: str, today: date, origin):
    repo = AssessmentRepository(session)
    return await objecting.file(
        session, principal, repo, assessment_id, reason, today, origin, against="assessment"
    )


async def escalate(session, principal, employee: UUID, target: str, subject: str, today: date, origin):
    """A disagreement goes to the next-higher manager (the manager's manager, who may then read the
    portfolio) or to the HR advisor, as the cycle allows (seed 002)."""
    access = await resolve(session, principal, employee, Action.WRITE)
    _period, definition = await current_period(session, principal.tenant, employee, today)
    if target not in definition.escalation.to:
        raise invalid_field(
            "body.target", "deze cyclus kent dit niet", "this cycle does not escalate there", "cycle-rule"
        )
    person = None
    if target == "next_manager":
        managers = await ProjectionRepository(session).managers_of(employee)
        above = set()
        for manager in managers:
            above |= await ProjectionRepository(session).managers_of(manager)
        if not above:
            raise invalid_field(
                "body.target",
                "er is geen hogere leidinggevende bekend",
                "no next-higher manager is known",
                "cycle-rule",
            )
        person = sorted(above, key=str)[0]
    row = await EscalationRepository(session).add(
        principal.tenant, employee, access.role, target, person, subject
    )
    await outbox.add(
        session,
        principal.tenant,
        EscalationRaised(escalation_id=row.id, employee_id=employee, target=target, target_person=person),
    )
    await audit(session, principal, "create", "escalation", row.id, origin=origin)
    return row


async def of_employee(session, principal, employee: UUID, origin) -> list[dict]:
    await resolve(session, principal, employee, Action.READ)
    rows = await AssessmentRepository(session).of_employee(employee)
    await audit(session, principal, "read", "assessments", employee, origin=origin)
    return await objecting.listed(session, rows, "assessment")
