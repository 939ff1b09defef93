"""From an event to deliveries: in the event's tenant transaction (the consumer's), one delivery
per enabled endpoint of THAT tenant that takes the event's type and existed when it happened. The
delivery's id, the `webhook-id` of every attempt, follows from the endpoint and the event, so a
second run records nothing new (and the unique (endpoint, event) says so too)."""

from __future__ import annotations

import json
import uuid
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts import wire
from dialoog.contracts.envelope import CloudEvent
from dialoog.kit.clock import wall_now
from dialoog.notificaties.persistence.webhooks import DeliveryRepository, EndpointRepository

DELIVERY_NAMESPACE = uuid.UUID("5b0c1c1e-8f3e-4f0a-9a55-0d1a10a6e0b1")


def delivery_id(endpoint_id: UUID, event_id: str) -> UUID:
    return uuid.uuid5(DELIVERY_NAMESPACE, f"{endpoint_id}/{event_id}")


def body_of(event: CloudEvent) -> str:
    """The CloudEvent in JSON structured mode, as every attempt sends it."""
    return json.dumps(wire.envelope_json(event), separators=(",", ":"), ensure_ascii=False)


def delivery_row(tenant: str, endpoint_id: UUID, event: CloudEvent, body: str) -> dict:
    now = wall_now()
    return {
        "id": delivery_id(endpoint_id, event.id),
        "tenant_id": tenant,
        "endpoint_id": endpoint_id,
        "event_id": event.id,
        "event_type": event.type,
        "body": body,
        "state": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


async def record(session: AsyncSession, event: CloudEvent) -> int:
    """The deliveries of one event; returns how many were new."""
    endpoints = await EndpointRepository(session).listening(event.tenant, event.type, event.time)
    if not endpoints:
        return 0
    body = body_of(event)
    return await DeliveryRepository(session).add_many(
        [delivery_row(event.tenant, endpoint, event, body) for endpoint in endpoints]
    )
