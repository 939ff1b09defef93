"""The tenant admin's webhooks (ADR 0026): endpoints with a secret shown once, their deliveries
and attempts, a delivery sent again, a test ping. Only the tenant admin; row level security keeps
every tenant to its own endpoints (another tenant's endpoint is 404, its existence not revealed)."""

from __future__ import annotations

import uuid
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

import dialoog.contracts.events  # noqa: F401 (registers every event type)
from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.registry import REGISTRY
from dialoog.kit.auth import Principal, require_roles
from dialoog.kit.clock import now as business_now
from dialoog.kit.clock import wall_now
from dialoog.kit.concurrency import stale_version
from dialoog.kit.pagination import PageRequest, page_list
from dialoog.kit.problems import conflict, invalid, not_found
from dialoog.notificaties.domain import webhook_sealing, webhook_signing
from dialoog.notificaties.persistence.webhooks import DeliveryRepository, EndpointRepository
from dialoog.notificaties.service import webhook_targets
from dialoog.notificaties.service.webhook_context import WebhookContext
from dialoog.notificaties.service.webhook_fanout import body_of, delivery_id, delivery_row

ADMIN = ["tenant_admin"]
TEST_EVENT_TYPE = "nl.dialoog.notificaties.webhook.test.v1"


def event_types() -> list[dict]:
    """What an endpoint may subscribe to: every registered event type (each tenant's events of a
    type are its own; the type says nothing about other tenants)."""
    return [
        {"type": name, "service": kind.service, "summary": kind.summary} for name, kind in REGISTRY.items()
    ]


def require_admin(principal: Principal) -> str:
    require_roles(principal, ADMIN)
    assert principal.tenant is not None  # the tenant session made sure
    return principal.tenant


async def _checked_url(ctx: WebhookContext, url: str) -> str:
    refused = await webhook_targets.refusal(url, allow_http=ctx.allow_http, allow_private=ctx.allow_private)
    if refused is not None:
        raise invalid([("body.url", refused.nl, refused.en)], "webhook-url-refused")
    return url


def _checked_types(types: list[str]) -> list[str]:
    unknown = [t for t in types if t not in REGISTRY]
    if unknown:
        raise invalid(
            [
                (
                    "body.event_types",
                    "onbekende gebeurtenistypen: " + ", ".join(unknown),
                    "unknown event types: " + ", ".join(unknown),
                )
            ],
            "webhook-event-type-unknown",
        )
    return sorted(set(types))


async def _endpoint(session: AsyncSession, endpoint_id: UUID):
    row = await EndpointRepository(session).get(endpoint_id)
    if row is None:
        raise not_found("webhook-not-found")
    return row


async def list_endpoints(session: AsyncSession, principal: Principal, page: PageRequest) -> dict:
    require_admin(principal)
    return await EndpointRepository(session).page(page)


async def get_endpoint(session: AsyncSession, principal: Principal, endpoint_id: UUID):
    require_admin(principal)
    return await _endpoint(session, endpoint_id)


async def create(
    session: AsyncSession,
    principal: Principal,
    ctx: WebhookContext,
    url: str,
    description: str | None,
    types: list[str],
) -> dict:
    tenant = require_admin(principal)
    repo = EndpointRepository(session)
    if await repo.count() >= ctx.max_endpoints:
        raise conflict(
            "webhook-limit",
            f"Deze organisatie heeft al {ctx.max_endpoints} webhooks; verwijder er een.",
            f"This organisation has {ctx.max_endpoints} webhooks already; delete one.",
        )
    url, types = await _checked_url(ctx, url), _checked_types(types)
    endpoint_id = uuid.uuid4()
    secret = webhook_signing.new_secret()
    row = await repo.add(
        {
            "id": endpoint_id,
            "tenant_id": tenant,
            "url": url,
            "description": description,
            "event_types": types,
            "secret_sealed": webhook_sealing.seal(ctx.key, secret, tenant, str(endpoint_id)),
            "created_at": business_now(),
        }
    )
    return {**row._mapping, "secret": secret}


async def change(
    session: AsyncSession,
    principal: Principal,
    ctx: WebhookContext,
    endpoint_id: UUID,
    expected: int,
    fields: dict,
):
    """`fields`: url, description, event_types, enabled (only those given). Enabling clears the
    reason and the count of deliveries that gave up; disabling by hand says `manual`."""
    require_admin(principal)
    current = await _endpoint(session, endpoint_id)
    values: dict = {}
    if "url" in fields:
        values["url"] = await _checked_url(ctx, fields["url"])
    if "description" in fields:
        values["description"] = fields["description"]
    if "event_types" in fields:
        values["event_types"] = _checked_types(fields["event_types"])
    if "enabled" in fields:
        if fields["enabled"]:
            values |= {"enabled": True, "disabled_reason": None, "gave_up_in_a_row": 0}
        elif current.enabled:
            values |= {"enabled": False, "disabled_reason": "manual"}
    if current.version != expected:
        raise stale_version()
    row = await EndpointRepository(session).change(endpoint_id, expected, values)
    if row is None:
        raise stale_version()
    return row


async def remove(session: AsyncSession, principal: Principal, endpoint_id: UUID, expected: int) -> None:
    require_admin(principal)
    await _endpoint(session, endpoint_id)
    if not await EndpointRepository(session).remove(endpoint_id, expected):
        raise stale_version()


async def rotate_secret(
    session: AsyncSession, principal: Principal, ctx: WebhookContext, endpoint_id: UUID, expected: int
) -> dict:
    """A new secret, shown once; the old one signs nothing from now on."""
    tenant = require_admin(principal)
    await _endpoint(session, endpoint_id)
    secret = webhook_signing.new_secret()
    sealed = webhook_sealing.seal(ctx.key, secret, tenant, str(endpoint_id))
    row = await EndpointRepository(session).change(endpoint_id, expected, {"secret_sealed": sealed})
    if row is None:
        raise stale_version()
    return {**row._mapping, "secret": secret}


async def deliveries(
    session: AsyncSession, principal: Principal, endpoint_id: UUID, page: PageRequest
) -> dict:
    require_admin(principal)
    await _endpoint(session, endpoint_id)
    return await DeliveryRepository(session).page(endpoint_id, page)


async def delivery(session: AsyncSession, principal: Principal, endpoint_id: UUID, wanted: UUID) -> dict:
    require_admin(principal)
    repo = DeliveryRepository(session)
    row = await repo.get(endpoint_id, wanted)
    if row is None:
        raise not_found("webhook-delivery-not-found")
    log = [dict(a._mapping) for a in await repo.attempts(wanted)]
    return {**row._mapping, "attempts_log": log}


def _enabled(endpoint) -> None:
    if not endpoint.enabled:
        raise conflict(
            "webhook-disabled",
            "Deze webhook staat uit; zet hem eerst aan.",
            "This webhook is disabled; enable it first.",
            disabled_reason=endpoint.disabled_reason,
        )


async def redeliver(session: AsyncSession, principal: Principal, endpoint_id: UUID, wanted: UUID):
    """The delivery is due at once again, with the same webhook-id (a new attempt in its log)."""
    require_admin(principal)
    _enabled(await _endpoint(session, endpoint_id))
    row = await DeliveryRepository(session).again(endpoint_id, wanted, wall_now())
    if row is None:
        raise not_found("webhook-delivery-not-found")
    return row


async def ping(session: AsyncSession, principal: Principal, endpoint_id: UUID):
    """A test event (`nl.dialoog.notificaties.webhook.test.v1`, data `{endpoint_id}`) delivered to
    this endpoint alone, signed and retried like any other, whatever types it takes."""
    tenant = require_admin(principal)
    _enabled(await _endpoint(session, endpoint_id))
    event = CloudEvent(
        source="/dialoog/notificaties",
        type=TEST_EVENT_TYPE,
        subject=f"hr.{tenant}.notificaties.webhook.test",
        tenant=tenant,
        time=business_now(),
        data={"endpoint_id": str(endpoint_id)},
    )
    repo = DeliveryRepository(session)
    await repo.add_many([delivery_row(tenant, endpoint_id, event, body_of(event))])
    return await repo.get(endpoint_id, delivery_id(endpoint_id, event.id))


def types_page(page: PageRequest) -> dict:
    return page_list(event_types(), page, lambda t: (t["type"],))
