"""Webhook deliveries from the platform's events (ADR 0026): one durable consumer per stream,
`notificaties-webhooks-<service>`, over every subject of that service. Each event, in its own
tenant's transaction (the kit's consumer sets it, and records the event in the inbox there),
becomes one delivery per matching enabled endpoint of that tenant; the worker sends them."""

from __future__ import annotations

from nats.js import JetStreamContext
from pydantic import BaseModel
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dialoog.contracts.envelope import CloudEvent
from dialoog.kit.events.consumer import ConsumerSpec, EventConsumer
from dialoog.kit.events.streams import stream_name
from dialoog.notificaties.service import webhook_fanout

SOURCES = ("organisatie", "portfolio", "feedback", "salaris", "notificaties")

SPECS = [
    ConsumerSpec(
        name=f"notificaties-webhooks-{service}",
        stream=stream_name(service),
        filter_subjects=[f"hr.*.{service}.>"],
    )
    for service in SOURCES
]


async def handle(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
    await webhook_fanout.record(session, event)


def consumers(
    js: JetStreamContext, sessions: async_sessionmaker[AsyncSession], inbox: Table
) -> list[EventConsumer]:
    return [EventConsumer(js, sessions, inbox, spec, handle, service="notificaties") for spec in SPECS]
