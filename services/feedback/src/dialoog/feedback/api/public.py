"""/v1/feedback/public: outsiders without an account. The personal link travels in the body,
never in a path or query (so it is in no access log); the tenant comes from the verified link."""

from __future__ import annotations

from fastapi import APIRouter, Request

from dialoog.feedback.api import schemas as s
from dialoog.feedback.api.deps import PROBLEM, FeedbackContext, answers
from dialoog.feedback.service import public as service

router = APIRouter(tags=["public"])
BASE = "/v1/feedback/public"
LINK_ERRORS = {404: PROBLEM, 409: PROBLEM, 410: PROBLEM, 422: PROBLEM}


@router.post(
    BASE + "/link",
    responses=LINK_ERRORS,
    summary="What a personal link shows (spends nothing: link scanners may call it)",
    response_model=s.PublicLink,
)
async def read(body: s.LinkIn, request: Request, ctx: FeedbackContext):
    return await service.read(request.app.state.sessions, ctx, body.link)


@router.post(
    BASE + "/answer",
    responses=LINK_ERRORS,
    summary="Answer with a personal link (spends it)",
    response_model=s.PublicState,
)
async def answer(body: s.PublicAnswerIn, request: Request, ctx: FeedbackContext):
    return await service.answer(request.app.state.sessions, ctx, body.link, answers(body.answers))


@router.post(
    BASE + "/withdraw",
    responses=LINK_ERRORS,
    summary="Withdraw my answer (also after the link expired)",
    response_model=s.PublicState,
)
async def withdraw(body: s.LinkIn, request: Request, ctx: FeedbackContext):
    return await service.withdraw(request.app.state.sessions, ctx, body.link)


@router.post(
    BASE + "/opt-out",
    responses=LINK_ERRORS,
    summary="Never invite my address again in this organisation",
    response_model=s.PublicState,
)
async def opt_out(body: s.LinkIn, request: Request, ctx: FeedbackContext):
    return await service.opt_out(request.app.state.sessions, ctx, body.link)
