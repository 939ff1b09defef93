"""Result and development agreements: written by either side, confirmed by both; one with legal
consequences leads to a formal decision (service/decisions.py)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from dialoog.contracts.events.portfolio import AgreementConfirmed, DecisionNeeded
from dialoog.kit.concurrency import stale_version
from dialoog.kit.problems import conflict, not_found
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.persistence.decisions import DecisionRepository
from dialoog.portfolio.persistence.events import outbox
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.auditing import audit
from dialoog.portfolio.service.periods import period_locked, writable_period

OBJECTION_WEEKS = 6  # Awb art. 6:7, for the formal decisions on agreements


async def add_agreement(session, principal, employee: UUID, values: dict, today: date, origin: str | None):
    access, period, _definition = await writable_period(session, principal, employee, today)
    row = await PortfolioRepository(session).add_agreement(
        principal.tenant,
        {
            **values,
            "period_id": period.id,
            "written_by": principal.username,
            "confirmed_by_employee": access.role == "employee",
            "confirmed_by_manager": access.role == "manager",
        },
    )
    await audit(session, principal, "create", "agreement", row.id, origin=origin)
    return row


async def _agreement_to_write(session, principal, agreement_id: UUID):
    """The agreement's repository, period and the caller's access, for a write in an open period."""
    repo = PortfolioRepository(session)
    current = await repo.agreement(agreement_id)
    if current is None:
        raise not_found("portfolio-not-found")
    period = await repo.period(current.period_id)
    access = await resolve(session, principal, period.employee_id, Action.WRITE)
    if period.status != "open":
        raise period_locked()
    return repo, period, access


async def change_agreement(session, principal, agreement_id: UUID, expected: int, values: dict, origin):
    repo, _period, access = await _agreement_to_write(session, principal, agreement_id)
    decision = await DecisionRepository(session).of_agreement(agreement_id)
    if decision is not None and decision.status == "established":
        raise conflict(
            "decision-established",
            "Over deze afspraak is een besluit genomen; maak een nieuwe afspraak.",
            "A decision was made on this agreement; make a new agreement instead.",
        )
    # A change needs both to confirm again.
    row = await repo.update_agreement(
        agreement_id,
        expected,
        {
            **values,
            "confirmed_by_employee": access.role == "employee",
            "confirmed_by_manager": access.role == "manager",
        },
    )
    if row is None:
        raise stale_version()
    await audit(session, principal, "update", "agreement", agreement_id, origin=origin)
    return row


async def confirm_agreement(session, principal, agreement_id: UUID, expected: int, origin):
    repo, period, access = await _agreement_to_write(session, principal, agreement_id)
    field = "confirmed_by_employee" if access.role == "employee" else "confirmed_by_manager"
    row = await repo.update_agreement(agreement_id, expected, {field: True})
    if row is None:
        raise stale_version()
    if row.confirmed_by_employee and row.confirmed_by_manager:
        await outbox.add(
            session,
            principal.tenant,
            AgreementConfirmed(
                agreement_id=row.id,
                period_id=period.id,
                employee_id=period.employee_id,
                kind=row.kind,
                legal_consequences=row.legal_consequences,
            ),
        )
        if row.legal_consequences:
            # Legal consequences always lead to a formal decision (seed 001 point 2): it waits for
            # the manager or HR in the personnel file (service/decisions.py).
            await DecisionRepository(session).needed(
                principal.tenant, period.employee_id, row.id, OBJECTION_WEEKS
            )
            await outbox.add(
                session,
                principal.tenant,
                DecisionNeeded(agreement_id=row.id, period_id=period.id, employee_id=period.employee_id),
            )
    await audit(session, principal, "confirm", "agreement", agreement_id, origin=origin)
    return row
