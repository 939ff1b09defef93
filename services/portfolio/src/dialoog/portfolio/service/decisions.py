"""Formal decisions (besluiten) on agreements with legal consequences (seed 001 point 2): once
both confirmed such an agreement, a decision is needed; the manager (or HR) establishes it with a
motivation, a letter goes into the personnel file, and the employee may object within six weeks.
Never commits."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from dialoog.contracts.events.portfolio import DecisionEstablished
from dialoog.kit.concurrency import stale_version
from dialoog.kit.objections import last_day
from dialoog.kit.problems import conflict
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.persistence.decisions import DecisionRepository
from dialoog.portfolio.persistence.events import outbox
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.service import objecting
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.auditing import audit

LETTER = objecting.template("decision_letter.typ")


async def _decision(session, principal, decision_id: UUID, action: Action):
    return await objecting.load_decided(session, principal, DecisionRepository(session), decision_id, action)


async def of_employee(session, principal, employee: UUID, origin) -> list[dict]:
    await resolve(session, principal, employee, Action.READ)
    rows = await DecisionRepository(session).of_employee(employee)
    await audit(session, principal, "read", "decisions", employee, origin=origin)
    return await objecting.listed(session, rows, "decision")


async def establish(
    session,
    principal,
    decision_id: UUID,
    expected: int,
    decision: str,
    motivation: str,
    today: date,
    origin,
):
    row, _ = await _decision(session, principal, decision_id, Action.DECIDE)
    if row.status != "needed":
        raise conflict(
            "decision-state", "Dit besluit is al vastgesteld.", "This decision has already been established."
        )
    agreement = await PortfolioRepository(session).agreement(row.agreement_id)
    deadline = last_day(today, row.objection_weeks)
    letter = await objecting.letter_pdf(
        LETTER,
        {
            "tenant": principal.tenant,
            "sent_on": today.isoformat(),
            "agreement": agreement.title,
            "decision": decision,
            "motivation": motivation,
            "deadline": deadline.isoformat(),
            "decided_by": principal.name or principal.username,
        },
    )
    moved = await DecisionRepository(session).establish(
        decision_id,
        expected,
        {
            "decision": decision,
            "motivation": motivation,
            "established_by": principal.username,
            "letter": letter,
            "letter_sent_on": today,
        },
    )
    if moved is None:
        raise stale_version()
    await outbox.add(
        session,
        principal.tenant,
        DecisionEstablished(
            decision_id=decision_id,
            agreement_id=row.agreement_id,
            employee_id=row.employee_id,
            letter_sent_on=today,
            objection_deadline=deadline,
        ),
    )
    await audit(session, principal, "establish", "decision", decision_id, origin=origin)
    return moved


async def letter(session, principal, decision_id: UUID, origin) -> bytes:
    repo = DecisionRepository(session)
    return await objecting.letter(session, principal, repo, decision_id, origin, against="decision")


async def file_objection(session, principal, decision_id: UUID, reason: str, today: date, origin):
    repo = DecisionRepository(session)
    return await objecting.file(
        session, principal, repo, decision_id, reason, today, origin, against="decision"
    )
