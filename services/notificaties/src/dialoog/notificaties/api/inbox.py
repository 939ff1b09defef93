"""/v1/inbox: the signed-in person's own notifications (any role)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.pagination import Page, Paging
from dialoog.notificaties.api import schemas as s
from dialoog.notificaties.api.deps import ERRORS
from dialoog.notificaties.service import inbox as service

router = APIRouter(tags=["inbox"])
Lang = Annotated[
    s.Language | None, Query(description="The language of title and body (default: mine, else nl)")
]


@router.get(
    "/v1/inbox", responses=ERRORS, summary="My notifications, newest first", response_model=Page[s.InboxItem]
)
async def list_inbox(
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Paging,
    unread: Annotated[bool | None, Query(description="Only unread (true) or only read (false) items")] = None,
    lang: Lang = None,
):
    return await service.page(session, principal, unread, lang, page)


@router.get(
    "/v1/inbox/unread-count",
    responses=ERRORS,
    summary="How many of my notifications are unread",
    response_model=s.UnreadCount,
)
async def unread_count(principal: CurrentPrincipal, session: TenantSession):
    return {"unread": await service.unread_count(session, principal)}


@router.post(
    "/v1/inbox/read-all", responses=ERRORS, summary="Mark all my notifications read", response_model=s.Marked
)
async def read_all(principal: CurrentPrincipal, session: TenantSession):
    return {"marked": await service.read_all(session, principal)}


@router.post(
    "/v1/inbox/{notification_id}/read",
    responses=ERRORS,
    summary="Mark one of my notifications read (idempotent)",
    response_model=s.InboxItem,
)
async def read(notification_id: UUID, principal: CurrentPrincipal, session: TenantSession, lang: Lang = None):
    return await service.read(session, principal, notification_id, lang)
