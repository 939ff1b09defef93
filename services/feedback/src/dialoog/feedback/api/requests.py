"""/v1/feedback/requests: the requester's own requests, their results and what she shares."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from dialoog.feedback.api import schemas as s
from dialoog.feedback.api.deps import (
    ERRORS,
    LIMITED,
    WRITE_ERRORS,
    FeedbackContext,
    answers,
    givers,
    questions,
)
from dialoog.feedback.service import requests as service
from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.pagination import Page, Paging

router = APIRouter(tags=["requests"])
BASE = "/v1/feedback/requests"


@router.post(
    BASE,
    status_code=201,
    responses={**ERRORS, **LIMITED},
    summary="Ask colleagues and outsiders for feedback (outsiders get a mail with a personal link)",
    response_model=s.Request,
)
async def create(
    body: s.RequestIn,
    principal: CurrentPrincipal,
    session: TenantSession,
    ctx: FeedbackContext,
    response: Response,
):
    data = body.model_dump() | {"questions": questions(body.questions), "givers": givers(body.givers)}
    made = await service.create(session, ctx, principal, data)
    set_etag(response, made["version"])
    response.headers["Location"] = f"{BASE}/{made['id']}"
    return made


@router.get(
    BASE, responses=ERRORS, summary="My feedback requests, newest first", response_model=Page[s.Request]
)
async def list_mine(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    return await service.list_mine(session, principal, page)


@router.get(
    BASE + "/{request_id}",
    responses=ERRORS,
    summary="One of my requests (requester only)",
    response_model=s.Request,
)
async def get(request_id: UUID, principal: CurrentPrincipal, session: TenantSession, response: Response):
    found = await service.get(session, principal, request_id)
    set_etag(response, found["version"])
    return found


@router.patch(
    BASE + "/{request_id}",
    responses=WRITE_ERRORS,
    summary="Move the deadline (If-Match)",
    response_model=s.Request,
)
async def change_deadline(
    request_id: UUID,
    body: s.DeadlineIn,
    expected: ExpectedVersion,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    changed = await service.change_deadline(session, principal, request_id, expected, body.deadline)
    set_etag(response, changed["version"])
    return changed


@router.post(
    BASE + "/{request_id}/givers",
    responses={**ERRORS, **LIMITED},
    summary="Ask more people (open requests)",
    response_model=s.Request,
)
async def add_givers(
    request_id: UUID,
    body: s.GiversIn,
    principal: CurrentPrincipal,
    session: TenantSession,
    ctx: FeedbackContext,
    response: Response,
):
    changed = await service.add_givers(session, ctx, principal, request_id, givers(body.givers))
    set_etag(response, changed["version"])
    return changed


@router.post(
    BASE + "/{request_id}/reminders",
    responses={**ERRORS, **LIMITED},
    summary="Remind those who have not answered (once a day)",
    response_model=s.Reminded,
)
async def remind(request_id: UUID, principal: CurrentPrincipal, session: TenantSession, ctx: FeedbackContext):
    return await service.remind(session, ctx, principal, request_id)


@router.post(
    BASE + "/{request_id}/close",
    responses=ERRORS,
    summary="Close the request: no more answers",
    response_model=s.Request,
)
async def close(request_id: UUID, principal: CurrentPrincipal, session: TenantSession, response: Response):
    closed = await service.close(session, principal, request_id)
    set_etag(response, closed["version"])
    return closed


@router.put(
    BASE + "/{request_id}/self-reflection",
    responses=ERRORS,
    summary="My own answers to my questions, shown beside the others",
    response_model=s.SelfReflection,
)
async def self_reflection(
    request_id: UUID, body: s.AnswersIn, principal: CurrentPrincipal, session: TenantSession
):
    return await service.self_reflection(session, principal, request_id, answers(body.answers))


@router.get(
    BASE + "/{request_id}/results",
    responses=ERRORS,
    summary="The answers, under the anonymity rule (requester only)",
    response_model=s.Results,
)
async def results(
    request_id: UUID, principal: CurrentPrincipal, session: TenantSession, ctx: FeedbackContext
):
    return await service.results(session, ctx, principal, request_id)


@router.post(
    BASE + "/{request_id}/shares",
    status_code=201,
    responses=ERRORS,
    summary="Add answers or a summary to my portfolio (feedback.shared); shared items are final",
    response_model=s.Shares,
)
async def share(
    request_id: UUID,
    body: s.ShareIn,
    principal: CurrentPrincipal,
    session: TenantSession,
    ctx: FeedbackContext,
):
    return await service.share(session, ctx, principal, request_id, body.answer_ids, body.summary)


@router.get(
    BASE + "/{request_id}/shares",
    responses=ERRORS,
    summary="What I added to my portfolio",
    response_model=Page[s.Share],
)
async def shares(request_id: UUID, principal: CurrentPrincipal, session: TenantSession, page: Paging):
    from dialoog.kit.pagination import by, page_list

    return page_list(await service.shares(session, principal, request_id), page, by("created_at", "id"))
