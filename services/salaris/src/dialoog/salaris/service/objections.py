"""Objections (bezwaar) against a salary decision: filed by the employee within six weeks of the
letter (Awb 6:7), handled by HR through the states of `dialoog.kit.objections`. An upheld objection
corrects the decision: a new decision version with its own letter, and the step when the raise
already took effect. Never commits."""

from __future__ import annotations

from uuid import UUID

from dialoog.contracts.events.salaris import ObjectionFiled, ObjectionStateChanged
from dialoog.kit.clock import today
from dialoog.kit.concurrency import stale_version
from dialoog.kit.objections import ObjectionState, check_in_time, check_move
from dialoog.kit.problems import conflict, forbidden, not_found
from dialoog.salaris.persistence.events import outbox
from dialoog.salaris.persistence.rounds import RoundRepository
from dialoog.salaris.persistence.salary import SalaryRepository
from dialoog.salaris.service import letters
from dialoog.salaris.service import rounds as round_service
from dialoog.salaris.service.access import audit, require_hr


async def file(session, principal, decision_id: UUID, grounds: str, origin):
    row, relation = await round_service.reach(session, principal, decision_id, lock=True)
    if relation != "employee":
        raise forbidden("Alleen de medewerker zelf maakt bezwaar.", "Only the employee can object.")
    repo = RoundRepository(session)
    current = next(iter(await repo.letters_of(decision_id)))
    filed_on = today()
    check_in_time(current.sent_on, filed_on)
    objection = await repo.add_objection(
        {
            "tenant_id": principal.tenant,
            "decision_id": decision_id,
            "decision_version": current.decision_version,
            "employee_id": row.employee_id,
            "filed_on": filed_on,
            "grounds": grounds.strip(),
            "state": ObjectionState.RECEIVED,
        }
    )
    if objection is None:
        raise conflict(
            "objection-exists",
            "Tegen deze versie van het besluit loopt al een bezwaar.",
            "An objection against this version of the decision exists.",
        )
    await outbox.add(
        session,
        principal.tenant,
        ObjectionFiled(
            objection_id=objection.id, decision_id=decision_id, employee_id=row.employee_id, filed_on=filed_on
        ),
    )
    await audit(session, principal, "object", "salary_decision", decision_id, origin=origin)
    return objection


async def move(
    session, principal, objection_id: UUID, expected: int, state: str, resolution: str | None, origin
):
    require_hr(principal)
    repo = RoundRepository(session)
    objection = await repo.objection(objection_id, lock=True)
    if objection is None:
        raise not_found("objection-not-found")
    target = check_move(objection.state, state)
    updated = await repo.update_objection(objection_id, expected, state=target, resolution=resolution)
    if updated is None:
        raise stale_version()
    if target == ObjectionState.UPHELD:
        await _correct(session, principal.tenant, objection.decision_id)
    await outbox.add(
        session,
        principal.tenant,
        ObjectionStateChanged(
            objection_id=objection_id,
            decision_id=objection.decision_id,
            employee_id=objection.employee_id,
            state=target,
        ),
    )
    await audit(session, principal, f"objection:{target}", "salary_objection", objection_id, origin=origin)
    return updated


async def _correct(session, tenant: str, decision_id: UUID) -> None:
    """Upheld: the raise is granted after all (a new decision version and letter); where the
    round already applied the steps, the step is corrected from the reference date too."""
    repo = RoundRepository(session)
    row = await repo.decision(decision_id, lock=True)
    rnd = await repo.get(row.round_id)
    if row.outcome == "yes":
        return
    await repo.update_decision(decision_id, outcome="yes", decision_version=row.decision_version + 1)
    row = await repo.decision(decision_id)
    await letters.issue(session, tenant, [row], reference_date=rnd.reference_date, sent_on=today())
    if row.applied:
        scales = await SalaryRepository(session).scales_on(rnd.reference_date)
        if await round_service.raise_step(session, tenant, row, rnd.reference_date, "objection"):
            await outbox.add(session, tenant, round_service.increase_event(row, scales, rnd.reference_date))


async def all_objections(session, principal, origin) -> list[dict]:
    require_hr(principal)
    rows = await RoundRepository(session).all_objections()
    await audit(session, principal, "list", "salary_objections", principal.tenant, origin=origin)
    return [round_service.public(r) for r in rows]
