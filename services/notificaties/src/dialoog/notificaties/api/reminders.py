"""/v1/reminders/settings: when reminders go and to whom (tenant admin, If-Match; ADR 0030)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.notificaties.api import schemas as s
from dialoog.notificaties.api.deps import ERRORS, WRITE_ERRORS
from dialoog.notificaties.service import reminder_settings as service

router = APIRouter(tags=["reminders"])
PATH = "/v1/reminders/settings"


@router.get(
    PATH,
    responses=ERRORS,
    summary="The tenant's reminder settings (tenant admin)",
    response_model=s.ReminderSettings,
)
async def get_settings(principal: CurrentPrincipal, session: TenantSession, response: Response):
    found = await service.current(session, principal)
    set_etag(response, found["version"])
    return found


@router.put(
    PATH,
    responses=WRITE_ERRORS,
    summary="Change when reminders go and to whom (tenant admin, If-Match)",
    response_model=s.ReminderSettings,
)
async def put_settings(
    body: s.ReminderSettingsIn,
    expected: ExpectedVersion,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    settings = {k: v for k, v in body.model_dump().items() if v is not None}
    stored = await service.replace(session, principal, expected, settings)
    set_etag(response, stored["version"])
    return stored
