"""What every decision that can be objected to shares (the manager's assessment and the formal
decision on an agreement): its letter, the term, filing an objection, HR moving it through its
states, and the listing with deadlines. The term and the states are dialoog.kit.objections."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from dialoog.contracts.events.portfolio import (
    DecisionObjectionFiled,
    DecisionObjectionStatusChanged,
    ObjectionFiled,
    ObjectionStatusChanged,
)
from dialoog.kit.auth import require_roles
from dialoog.kit.concurrency import stale_version
from dialoog.kit.documents import render_pdf
from dialoog.kit.objections import check_in_time, check_move, last_day
from dialoog.kit.problems import conflict, forbidden, not_found
from dialoog.portfolio.domain.access import Action, Relation
from dialoog.portfolio.persistence.events import outbox
from dialoog.portfolio.persistence.objections import ObjectionRepository
from dialoog.portfolio.service.access import Access, resolve
from dialoog.portfolio.service.auditing import audit

DOCUMENTS = Path(__file__).resolve().parent.parent / "documents"


def template(name: str) -> str:
    return (DOCUMENTS / name).read_text()


async def letter_pdf(source: str, data: dict) -> bytes:
    """A letter from a Typst template; the data goes in as JSON inputs. CPU work off the loop."""
    return await asyncio.to_thread(render_pdf, source, data)


async def load_decided(session, principal, repo, decided_id: UUID, action: Action) -> tuple[Any, Access]:
    """An assessment or decision from `repo` (AssessmentRepository or DecisionRepository) and the
    caller's access to its employee's portfolio for `action`."""
    row = await repo.get(decided_id)
    if row is None:
        raise not_found("portfolio-not-found")
    return row, await resolve(session, principal, row.employee_id, action)


async def letter(session, principal, repo, decided_id: UUID, origin, *, against: str) -> bytes:
    """The letter (PDF) of an assessment or decision, for whoever may read the portfolio."""
    await load_decided(session, principal, repo, decided_id, Action.READ)
    pdf = await repo.letter(decided_id)
    if pdf is None:
        raise not_found("portfolio-not-found")
    await audit(session, principal, "read", f"{against}_letter", decided_id, origin=origin)
    return pdf


async def file(
    session,
    principal,
    repo,
    decided_id: UUID,
    grounds: str,
    today: date,
    origin,
    *,
    against: str,
):
    """The employee objects to an established decision (`against`: "assessment" or "decision")
    within the term that runs from the letter's date; a late objection is refused with the last day."""
    decided, access = await load_decided(session, principal, repo, decided_id, Action.READ)
    if Relation.SELF not in access.found:
        raise forbidden("Bezwaar maakt de medewerker zelf.", "The employee files the objection.")
    if decided.status != "established":
        raise conflict(
            "assessment-state" if against == "assessment" else "decision-state",
            f"Er is nog niets vastgesteld (stand '{decided.status}').",
            f"Nothing has been established yet ('{decided.status}').",
        )
    check_in_time(decided.letter_sent_on, today, decided.objection_weeks)
    objection = await ObjectionRepository(session).add(
        principal.tenant, today, grounds, **{f"{against}_id": decided.id}
    )
    event = (
        ObjectionFiled(
            objection_id=objection.id,
            assessment_id=decided.id,
            employee_id=decided.employee_id,
            filed_on=today,
        )
        if against == "assessment"
        else DecisionObjectionFiled(
            objection_id=objection.id, decision_id=decided.id, employee_id=decided.employee_id, filed_on=today
        )
    )
    await outbox.add(session, principal.tenant, event)
    await audit(session, principal, "create", "objection", objection.id, origin=origin)
    return objection


async def move(session, principal, objection_id: UUID, expected: int, target: str, origin):
    """HR moves an objection (against either kind of decision) to its next state."""
    require_roles(principal, ["hr_advisor"])
    repo = ObjectionRepository(session)
    objection = await repo.get(objection_id)
    if objection is None:
        raise not_found("portfolio-not-found")
    state = check_move(objection.status, target)
    moved = await repo.move(objection_id, expected, state.value)
    if moved is None:
        raise stale_version()
    event = (
        ObjectionStatusChanged(
            objection_id=objection_id, assessment_id=objection.assessment_id, status=state.value
        )
        if objection.assessment_id
        else DecisionObjectionStatusChanged(
            objection_id=objection_id, decision_id=objection.decision_id, status=state.value
        )
    )
    await outbox.add(session, principal.tenant, event)
    await audit(session, principal, "update", "objection", objection_id, origin=origin)
    return moved


async def of_tenant(session, principal, origin) -> list[dict]:
    """Every objection of the tenant, newest first, for HR (the read is audited)."""
    require_roles(principal, ["hr_advisor"])
    rows = [dict(r._mapping) for r in await ObjectionRepository(session).all()]
    await audit(session, principal, "read", "objections", principal.tenant, origin=origin)
    return rows


async def listed(session, rows: Iterable, against: str) -> list[dict]:
    """Decisions as dicts with their objection deadline (once sent) and their objections."""
    rows = list(rows)
    by_id: dict = {}
    for objection in await ObjectionRepository(session).against(f"{against}_id", [r.id for r in rows]):
        by_id.setdefault(getattr(objection, f"{against}_id"), []).append(dict(objection._mapping))
    result = []
    for r in rows:
        item = dict(r._mapping)
        if r.letter_sent_on:
            item["objection_deadline"] = last_day(r.letter_sent_on, r.objection_weeks)
        item["objections"] = by_id.get(r.id, [])
        result.append(item)
    return result
