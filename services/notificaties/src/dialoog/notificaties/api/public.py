"""/v1/public/unsubscribe: one-click unsubscribe without an account (RFC 8058, called by the
portal's /u/ page). The token travels in the body, never in a path or query of this service."""

from __future__ import annotations

from fastapi import APIRouter, Request

from dialoog.notificaties.api import schemas as s
from dialoog.notificaties.api.deps import PROBLEM, NotificatiesContext
from dialoog.notificaties.service.unsubscribe import unsubscribe

router = APIRouter(tags=["public"])
ERRORS = {400: PROBLEM, 404: PROBLEM, 422: PROBLEM}


@router.post(
    "/v1/public/unsubscribe",
    responses=ERRORS,
    summary="Switch off the e-mail of the link's category",
    response_model=s.Unsubscribed,
)
async def confirm(body: s.UnsubscribeIn, request: Request, ctx: NotificatiesContext):
    return await unsubscribe(request.app.state.sessions, ctx, body.token, apply=True)


@router.post(
    "/v1/public/unsubscribe/preview",
    responses=ERRORS,
    summary="What the link would switch off (changes nothing)",
    response_model=s.Unsubscribed,
)
async def preview(body: s.UnsubscribeIn, request: Request, ctx: NotificatiesContext):
    return await unsubscribe(request.app.state.sessions, ctx, body.token, apply=False)
