"""/v1/preferences: my own (any member) and the tenant's defaults (tenant admin), with If-Match."""

from __future__ import annotations

from fastapi import APIRouter, Response

from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.notificaties.api import schemas as s
from dialoog.notificaties.api.deps import ERRORS, WRITE_ERRORS
from dialoog.notificaties.service import preferences as service

router = APIRouter(tags=["preferences"])


def settings_of(body: s.PreferencesIn) -> dict:
    data = body.model_dump()
    data["categories"] = {k: v for k, v in data["categories"].items() if v is not None}
    return data


@router.get(
    "/v1/preferences/me",
    responses=ERRORS,
    summary="My notification preferences",
    response_model=s.Preferences,
)
async def get_mine(principal: CurrentPrincipal, session: TenantSession, response: Response):
    found = await service.mine(session, principal)
    set_etag(response, found["version"])
    return found


@router.put(
    "/v1/preferences/me",
    responses=WRITE_ERRORS,
    summary="Change my notification preferences (If-Match)",
    response_model=s.Preferences,
)
async def put_mine(
    body: s.PreferencesIn,
    expected: ExpectedVersion,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    stored = await service.replace_mine(session, principal, expected, settings_of(body))
    set_etag(response, stored["version"])
    return stored


@router.get(
    "/v1/preferences/defaults",
    responses=ERRORS,
    summary="The tenant's default preferences (tenant admin)",
    response_model=s.Preferences,
)
async def get_defaults(principal: CurrentPrincipal, session: TenantSession, response: Response):
    found = await service.defaults(session, principal)
    set_etag(response, found["version"])
    return found


@router.put(
    "/v1/preferences/defaults",
    responses=WRITE_ERRORS,
    summary="Change the tenant's default preferences (tenant admin, If-Match)",
    response_model=s.Preferences,
)
async def put_defaults(
    body: s.PreferencesIn,
    expected: ExpectedVersion,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    stored = await service.replace_defaults(session, principal, expected, settings_of(body))
    set_etag(response, stored["version"])
    return stored
