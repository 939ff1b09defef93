"""The assessment talk (always possible, every variant): request, report, the manager's
assessment with a letter, and the objection with its legal term. Never commits."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.events.portfolio import (
    AssessmentEstablished,
    AssessmentRequested,
    EscalationRaised,
    ObjectionFiled,
    ObjectionStatusChanged,
)
from dialoog.kit.auth import Principal, require_roles
from dialoog.kit.concurrency import stale_version
from dialoog.kit.documents import render_pdf
from dialoog.kit.errors import Problem, Text
from dialoog.kit.objections import ObjectionState, can_move, in_time, last_day
from dialoog.portfolio.domain.access import Action, Relation
from dialoog.portfolio.persistence.assessments import AssessmentRepository, EscalationRepository
from dialoog.portfolio.persistence.events import outbox
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.persistence.projections import ProjectionRepository
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.portfolio import audit, current_period, definition_of
from dialoog.portfolio.service.problems import forbidden, not_found, rule

LETTER = (Path(__file__).resolve().parent.parent / "documents" / "assessment_letter.typ").read_text()


def _state_conflict(status: str) -> Problem:
    return Problem(
        409,
        "assessment-state",
        Text("Kan nu niet", "Not possible now"),
        Text(f"Het beoordelingsgesprek is in de stand '{status}'.", f"The assessment is '{status}'."),
    )


async def request_assessment(
    session: AsyncSession, principal: Principal, employee: UUID, today: date, origin
):
    access = await resolve(session, principal, employee, Action.WRITE)
    period = await current_period(session, principal.tenant, employee, today)
    definition = await definition_of(session, period.cycle_version)
    if access.role not in definition.assessment_talk.requested_by:
        raise forbidden(
            "In deze cyclus vraagt deze rol geen beoordelingsgesprek aan.",
            "In this cycle this role does not request an assessment talk.",
        )
    await _probation_rule(session, principal, employee, period, definition, today)
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


async def _probation_rule(session, principal, employee: UUID, period, definition, today: date) -> None:
    """Seed 002: an assessment at the end of a probation needs the improvement points to have been
    raised in a progress talk."""
    person = await ProjectionRepository(session).person(employee)
    rules = definition.probation
    if not (
        rules.enabled
        and rules.improvement_points_in_progress_talk_required
        and person
        and person.probation_end
    ):
        return
    if today > person.probation_end:
        return
    progress = [
        t
        for t in await PortfolioRepository(session).talks_of(period.id)
        if definition.talk(t.type).timing == "halfway" and str(t.record.get("improvement_points", "")).strip()
    ]
    if not progress:
        raise rule(
            "type",
            "tijdens de proeftijd moeten de verbeterpunten eerst in een voortgangsgesprek aan de orde "
            "zijn geweest",
            "during probation the improvement points must first have been raised in a progress talk",
        )


async def _own_assessment(session, principal, assessment_id: UUID, action: Action):
    row = await AssessmentRepository(session).get(assessment_id)
    if row is None:
        raise not_found()
    access = await resolve(session, principal, row.employee_id, action)
    return row, access


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
    letter = await asyncio.to_thread(
        render_pdf,
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
    await _own_assessment(session, principal, assessment_id, Action.READ)
    pdf = await AssessmentRepository(session).letter(assessment_id)
    if pdf is None:
        raise not_found()
    await audit(session, principal, "read", "assessment_letter", assessment_id, origin=origin)
    return pdf


async def file_objection(session, principal, assessment_id: UUID, reason: str, today: date, origin):
    row, access = await _own_assessment(session, principal, assessment_id, Action.READ)
    if Relation.SELF not in access.found:
        raise forbidden("Bezwaar maakt de medewerker zelf.", "The employee files the objection.")
    if row.status != "established":
        raise _state_conflict(row.status)
    if not in_time(row.letter_sent_on, today, row.objection_weeks):
        deadline = last_day(row.letter_sent_on, row.objection_weeks)
        raise Problem(
            422,
            "objection-too-late",
            Text("Bezwaartermijn verstreken", "Objection term has passed"),
            Text(
                f"Bezwaar kon tot en met {deadline.isoformat()}.",
                f"An objection was possible until {deadline.isoformat()}.",
            ),
            {"deadline": deadline.isoformat()},
        )
    objection = await AssessmentRepository(session).add_objection(
        principal.tenant, assessment_id, today, reason
    )
    await outbox.add(
        session,
        principal.tenant,
        ObjectionFiled(
            objection_id=objection.id,
            assessment_id=assessment_id,
            employee_id=row.employee_id,
            filed_on=today,
        ),
    )
    await audit(session, principal, "create", "objection", objection.id, origin=origin)
    return objection


async def move_objection(session, principal, objection_id: UUID, expected: int, target: str, origin):
    require_roles(principal, ["hr_advisor"])
    repo = AssessmentRepository(session)
    objection = await repo.objection(objection_id)
    if objection is None:
        raise not_found()
    try:
        state = ObjectionState(target)
    except ValueError:
        raise rule("status", "onbekende stand", "unknown state") from None
    if not can_move(ObjectionState(objection.status), state):
        raise Problem(
            409,
            "objection-state",
            Text("Kan nu niet", "Not possible now"),
            Text(
                f"Van '{objection.status}' kan niet naar '{target}'.",
                f"'{objection.status}' cannot move to '{target}'.",
            ),
        )
    moved = await repo.move_objection(objection_id, expected, state.value)
    if moved is None:
        raise stale_version()
    await outbox.add(
        session,
        principal.tenant,
        ObjectionStatusChanged(
            objection_id=objection_id, assessment_id=objection.assessment_id, status=state.value
        ),
    )
    await audit(session, principal, "update", "objection", objection_id, origin=origin)
    return moved


async def escalate(session, principal, employee: UUID, target: str, subject: str, today: date, origin):
    """A disagreement goes to the next-higher manager (the manager's manager, who may then read the
    portfolio) or to the HR advisor, as the cycle allows (seed 002)."""
    access = await resolve(session, principal, employee, Action.WRITE)
    period = await current_period(session, principal.tenant, employee, today)
    definition = await definition_of(session, period.cycle_version)
    if target not in definition.escalation.to:
        raise rule("target", "deze cyclus kent dit niet", "this cycle does not escalate there")
    person = None
    if target == "next_manager":
        managers = await ProjectionRepository(session).managers_of(employee)
        above = set()
        for manager in managers:
            above |= await ProjectionRepository(session).managers_of(manager)
        if not above:
            raise rule("target", "er is geen hogere leidinggevende bekend", "no next-higher manager is known")
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
    repo = AssessmentRepository(session)
    rows = await repo.of_employee(employee)
    by_assessment: dict = {}
    for objection in await repo.objections_of([r.id for r in rows]):
        by_assessment.setdefault(objection.assessment_id, []).append(dict(objection._mapping))
    await audit(session, principal, "read", "assessments", employee, origin=origin)
    result = []
    for r in rows:
        item = dict(r._mapping)
        if r.letter_sent_on:
            item["objection_deadline"] = last_day(r.letter_sent_on, r.objection_weeks)
        item["objections"] = by_assessment.get(r.id, [])
        result.append(item)
    return result
