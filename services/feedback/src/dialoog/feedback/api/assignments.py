"""/v1/feedback/assignments: the requests addressed to the caller as a colleague; and
/v1/feedback/colleagues: whom she can ask."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from dialoog.feedback.api import schemas as s
from dialoog.feedback.api.deps import ERRORS, answers
from dialoog.feedback.service import assignments as service
from dialoog.feedback.service.colleagues import colleagues as find_colleagues
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.pagination import Page, Paging

router = APIRouter(tags=["assignments"])
BASE = "/v1/feedback/assignments"


@router.get(
    BASE, responses=ERRORS, summary="Requests addressed to me", response_model=Page[s.AssignmentSummary]
)
async def list_mine(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    return await service.list_mine(session, principal, page)


@router.get(
    BASE + "/{assignment_id}",
    responses=ERRORS,
    summary="One request to me, with its questions and my draft",
    response_model=s.Assignment,
)
async def get(assignment_id: UUID, principal: CurrentPrincipal, session: TenantSession):
    return await service.get(session, principal, assignment_id)


@router.put(
    BASE + "/{assignment_id}/draft", responses=ERRORS, summary="Keep my draft", response_model=s.Assignment
)
async def draft(assignment_id: UUID, body: s.AnswersIn, principal: CurrentPrincipal, session: TenantSession):
    return await service.save_draft(session, principal, assignment_id, answers(body.answers))


@router.post(
    BASE + "/{assignment_id}/answer", responses=ERRORS, summary="Answer (final)", response_model=s.Assignment
)
async def answer(assignment_id: UUID, body: s.AnswersIn, principal: CurrentPrincipal, session: TenantSession):
    return await service.answer(session, principal, assignment_id, answers(body.answers))


@router.post(
    BASE + "/{assignment_id}/decline",
    responses=ERRORS,
    summary="Decline, with a reason if I like",
    response_model=s.Assignment,
)
async def decline(
    assignment_id: UUID, body: s.DeclineIn, principal: CurrentPrincipal, session: TenantSession
):
    return await service.decline(session, principal, assignment_id, body.reason)


@router.get(
    "/v1/feedback/colleagues",
    responses=ERRORS,
    summary="Colleagues I can ask: my manager first, then my team, then the rest by name",
    response_model=Page[s.ColleagueOut],
)
async def colleagues(
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Paging,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name (any case)")] = None,
):
    return await find_colleagues(session, principal, q, page)
