"""/v1/webhooks: the tenant admin's webhooks for integrators (ADR 0026, docs/integrators.md).
Endpoints (a secret shown once, at creation and on rotation), the event types one may take, each
endpoint's deliveries with their attempts, a delivery sent again, and a test ping."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from dialoog.contracts.envelope import TYPE_PATTERN
from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.pagination import Page, Paging
from dialoog.notificaties.domain.webhook_urls import MAX_URL_LENGTH
from dialoog.notificaties.service import webhooks as service
from dialoog.notificaties.service.webhook_context import WebhookContext

router = APIRouter(tags=["webhooks"])

PROBLEM = {"description": "Problem (application/problem+json)"}
ERRORS = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM}
WRITE_ERRORS = {**ERRORS, 412: PROBLEM, 428: PROBLEM}

Url = Annotated[
    str,
    Field(
        min_length=8,
        max_length=MAX_URL_LENGTH,
        pattern=r"^[!-~]+$",  # visible ASCII (a name in another script: its punycode)
        description="Where deliveries are POSTed: https (plain http in development only); not a "
        "private, loopback or link-local address",
        examples=["https://koppeling.example.nl/dialoog/webhooks"],
    ),
]
Description = Annotated[str, Field(max_length=500)]
EventTypeName = Annotated[str, Field(max_length=200, pattern=TYPE_PATTERN)]
EventTypes = Annotated[
    list[EventTypeName],
    Field(
        max_length=200, description="The event types to deliver (GET /v1/webhooks/event-types); empty: all"
    ),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WebhookEndpointIn(_In):
    url: Url
    description: Description | None = None
    event_types: EventTypes = Field(default_factory=list)


class WebhookEndpointPatch(_In):
    """Only the fields given change; `enabled: true` switches a disabled endpoint back on."""

    url: Url | None = None
    description: Description | None = None
    event_types: EventTypes | None = None
    enabled: StrictBool | None = None


class WebhookEndpoint(BaseModel):
    id: UUID
    url: str
    description: str | None
    event_types: list[str] = Field(description="Empty: every event type")
    enabled: bool
    disabled_reason: Literal["gone", "failing", "manual"] | None = Field(
        description="gone: the receiver answered 410; failing: deliveries kept failing; manual: switched off"
    )
    created_at: datetime
    version: int


class WebhookEndpointCreated(WebhookEndpoint):
    secret: str = Field(description="whsec_<base64>: verifies the signatures; shown only in this answer")


class WebhookEventType(BaseModel):
    type: str
    service: str
    summary: str


class WebhookDelivery(BaseModel):
    id: UUID = Field(description="The webhook-id header of every attempt")
    event_id: str
    event_type: str
    state: Literal["pending", "delivered", "failed", "gave_up"] = Field(
        description="pending: not tried yet (or sent again on request); failed: tried, tried again at "
        "next_attempt_at; gave_up: no more attempts; delivered: the receiver answered 2xx"
    )
    attempts: int
    last_status: int | None
    last_response_ms: int | None
    next_attempt_at: datetime | None
    created_at: datetime


class WebhookAttempt(BaseModel):
    at: datetime
    status: int | None = Field(description="The receiver's HTTP status; null when it did not answer")
    response_ms: int | None
    error: str | None


class WebhookDeliveryDetail(WebhookDelivery):
    attempts_log: list[WebhookAttempt]


def _ctx(request: Request) -> WebhookContext:
    state = request.app.state
    if getattr(state, "webhook_context", None) is None:
        state.webhook_context = WebhookContext.of(state.settings)
    return state.webhook_context


def _plain(row: Any) -> dict:
    return row if isinstance(row, dict) else dict(row._mapping)


E = "/v1/webhooks/{endpoint_id}"


@router.get(
    "/v1/webhooks/event-types",
    responses=ERRORS,
    summary="The event types an endpoint may take (tenant admin)",
    response_model=Page[WebhookEventType],
)
async def event_types(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    service.require_admin(principal)
    return service.types_page(page)


@router.get(
    "/v1/webhooks",
    responses=ERRORS,
    summary="The tenant's webhook endpoints (tenant admin)",
    response_model=Page[WebhookEndpoint],
)
async def list_endpoints(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    return await service.list_endpoints(session, principal, page)


@router.post(
    "/v1/webhooks",
    status_code=201,
    responses=ERRORS,
    summary="A new webhook endpoint; its secret is in this answer only (tenant admin)",
    response_model=WebhookEndpointCreated,
)
async def create_endpoint(
    body: WebhookEndpointIn,
    principal: CurrentPrincipal,
    session: TenantSession,
    request: Request,
    response: Response,
):
    made = await service.create(
        session, principal, _ctx(request), body.url, body.description, body.event_types
    )
    set_etag(response, made["version"])
    return made


@router.get(E, responses=ERRORS, summary="A webhook endpoint (tenant admin)", response_model=WebhookEndpoint)
async def get_endpoint(
    endpoint_id: UUID, principal: CurrentPrincipal, session: TenantSession, response: Response
):
    found = _plain(await service.get_endpoint(session, principal, endpoint_id))
    set_etag(response, found["version"])
    return found


@router.patch(
    E,
    responses=WRITE_ERRORS,
    summary="Change a webhook endpoint, or switch it on or off (tenant admin, If-Match)",
    response_model=WebhookEndpoint,
)
async def change_endpoint(
    endpoint_id: UUID,
    body: WebhookEndpointPatch,
    expected: ExpectedVersion,
    principal: CurrentPrincipal,
    session: TenantSession,
    request: Request,
    response: Response,
):
    given = body.model_dump(exclude_unset=True)
    fields = {k: v for k, v in given.items() if v is not None or k == "description"}
    changed = _plain(await service.change(session, principal, _ctx(request), endpoint_id, expected, fields))
    set_etag(response, changed["version"])
    return changed


@router.delete(
    E,
    status_code=204,
    responses=WRITE_ERRORS,
    summary="Delete a webhook endpoint and its delivery log (tenant admin, If-Match)",
    response_class=Response,
)
async def delete_endpoint(
    endpoint_id: UUID, expected: ExpectedVersion, principal: CurrentPrincipal, session: TenantSession
) -> Response:
    await service.remove(session, principal, endpoint_id, expected)
    return Response(status_code=204)


@router.post(
    E + "/secret",
    responses=WRITE_ERRORS,
    summary="A new signing secret, shown only in this answer; the old one stops at once (tenant admin, If-Match)",
    response_model=WebhookEndpointCreated,
)
async def rotate_secret(
    endpoint_id: UUID,
    expected: ExpectedVersion,
    principal: CurrentPrincipal,
    session: TenantSession,
    request: Request,
    response: Response,
):
    made = await service.rotate_secret(session, principal, _ctx(request), endpoint_id, expected)
    set_etag(response, made["version"])
    return made


@router.get(
    E + "/deliveries",
    responses=ERRORS,
    summary="The endpoint's deliveries, newest first (tenant admin)",
    response_model=Page[WebhookDelivery],
)
async def list_deliveries(
    endpoint_id: UUID, principal: CurrentPrincipal, session: TenantSession, page: Paging
):
    return await service.deliveries(session, principal, endpoint_id, page)


@router.get(
    E + "/deliveries/{delivery_id}",
    responses=ERRORS,
    summary="A delivery with every attempt (tenant admin)",
    response_model=WebhookDeliveryDetail,
)
async def get_delivery(
    endpoint_id: UUID, delivery_id: UUID, principal: CurrentPrincipal, session: TenantSession
):
    return await service.delivery(session, principal, endpoint_id, delivery_id)


@router.post(
    E + "/deliveries/{delivery_id}/redeliver",
    status_code=202,
    responses=ERRORS,
    summary="Deliver again now, with the same webhook-id (tenant admin)",
    response_model=WebhookDelivery,
)
async def redeliver(
    endpoint_id: UUID, delivery_id: UUID, principal: CurrentPrincipal, session: TenantSession
):
    return _plain(await service.redeliver(session, principal, endpoint_id, delivery_id))


@router.post(
    E + "/test",
    status_code=202,
    responses=ERRORS,
    summary="Send a test event (nl.dialoog.notificaties.webhook.test.v1) to this endpoint (tenant admin)",
    response_model=WebhookDelivery,
)
async def ping(endpoint_id: UUID, principal: CurrentPrincipal, session: TenantSession):
    return _plain(await service.ping(session, principal, endpoint_id))
