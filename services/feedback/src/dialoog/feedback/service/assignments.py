"""A colleague's side: the requests addressed to her, her draft, her answer or her refusal."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.feedback.domain.states import request_state
from dialoog.feedback.persistence.projections import ProjectionRepository
from dialoog.feedback.persistence.requests import RequestRepository
from dialoog.feedback.service import answering
from dialoog.feedback.service.context import me
from dialoog.kit.auth import Principal
from dialoog.kit.clock import today
from dialoog.kit.pagination import PageRequest, page_of
from dialoog.kit.problems import conflict, not_found


def _summary(row) -> dict:
    return {
        "id": row.id,
        "request_id": row.request_id,
        "requester_name": row.requester_name,
        "purpose": row.purpose,
        "deadline": row.deadline,
        "anonymous": row.anonymous,
        "state": row.state,
        "request_state": request_state(row.request_state, row.deadline, today()),
    }


async def list_mine(session: AsyncSession, principal: Principal, page: PageRequest) -> dict:
    person = await me(session, principal)
    rows = await RequestRepository(session).assignments_of(person, page)
    return page_of(rows, page, lambda r: (r.created_at, r.id), _summary)


async def _mine(session: AsyncSession, principal: Principal, giver_id: UUID, *, lock: bool = False):
    person = await me(session, principal)
    repo = RequestRepository(session)
    giver = await repo.giver(giver_id, lock=lock)
    if giver is None or giver.kind != "colleague" or giver.person_id != person:
        raise not_found("feedback-assignment-not-found")
    return giver, await repo.get(giver.request_id, lock=lock)


def _open(request) -> None:
    if request_state(request.state, request.deadline, today()) != "open":
        raise conflict(
            "feedback-request-closed",
            "Dit verzoek is gesloten of de termijn is voorbij.",
            "This request is closed or past its deadline.",
        )


async def get(session: AsyncSession, principal: Principal, giver_id: UUID) -> dict:
    giver, request = await _mine(session, principal, giver_id)
    requester = await ProjectionRepository(session).person(request.requester_id)
    own = [
        {"question_key": a.question_key, "text": a.text, "rating": a.rating, "comment": a.comment}
        for a in await RequestRepository(session).answers_of(request.id)
        if a.giver_id == giver.id
    ]
    return {
        "id": giver.id,
        "request_id": request.id,
        "requester_name": requester.display_name if requester else None,
        "purpose": request.purpose,
        "deadline": request.deadline,
        "anonymous": request.anonymous,
        "state": giver.state,
        "request_state": request_state(request.state, request.deadline, today()),
        "questions": request.questions,
        "draft": giver.draft or [],
        "answers": own,
        "version": giver.version,
    }


async def save_draft(
    session: AsyncSession, principal: Principal, giver_id: UUID, answers: list[dict]
) -> dict:
    giver, request = await _mine(session, principal, giver_id, lock=True)
    _open(request)
    new_state = answering.step(giver, "draft")
    answering.checked(request, answers, complete=False)
    await RequestRepository(session).set_giver(giver.id, state=new_state, draft=answers)
    return await get(session, principal, giver_id)


async def answer(session: AsyncSession, principal: Principal, giver_id: UUID, answers: list[dict]) -> dict:
    giver, request = await _mine(session, principal, giver_id, lock=True)
    _open(request)
    await answering.store_answer(session, principal.tenant, request, giver, answers)
    return await get(session, principal, giver_id)


async def decline(session: AsyncSession, principal: Principal, giver_id: UUID, reason: str | None) -> dict:
    giver, request = await _mine(session, principal, giver_id, lock=True)
    _open(request)
    await answering.decline(session, principal.tenant, request, giver, reason)
    return await get(session, principal, giver_id)
