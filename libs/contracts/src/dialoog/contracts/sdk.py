"""The integrators' Python SDK: consume a tenant's events as typed, validated payloads.

    import nats
    from dialoog.contracts.sdk import subscribe

    nc = await nats.connect(url, user=user, password=password, inbox_prefix=inbox_prefix)
    async def on_event(event, payload):  # CloudEvent, pydantic model of its type
        print(event.type, payload)
    await subscribe(nc.jetstream(prefix=api_prefix), tenant="bel", service="organisatie",
                    consumer=user, handler=on_event, stop=stop_event)

Each call reads a durable pull consumer, so a restart continues where it left off. An
integrator's consumers are made by the platform (`dialoog integrator`, docs/adr/0014) and only
bound to here; where the account has JetStream of its own, a missing consumer is created, and
`start_time` then replays from a point in time. An event is acknowledged after
the handler returns; when the handler raises, it is redelivered later (at least once: make the
handler idempotent with `event.id`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from pydantic import BaseModel, ValidationError

from dialoog.contracts import registry
from dialoog.contracts.envelope import CloudEvent

log = logging.getLogger(__name__)

EventHandler = Callable[[CloudEvent, BaseModel], Awaitable[None]]


def consumer_config(
    tenant: str, service: str, consumer: str, start_time: datetime | None = None, ack_wait: float = 30.0
) -> ConsumerConfig:
    return ConsumerConfig(
        durable_name=consumer,
        name=consumer,
        filter_subject=f"hr.{tenant}.{service}.>",
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=ack_wait,
        deliver_policy=DeliverPolicy.BY_START_TIME if start_time else DeliverPolicy.ALL,
        opt_start_time=start_time.isoformat() if start_time else None,
    )


async def open_consumer(
    js: JetStreamContext, *, tenant: str, service: str, consumer: str, start_time: datetime | None = None
):
    """The pull subscription of a durable consumer, created on first use."""
    stream = service.upper()
    try:
        await js.consumer_info(stream, consumer)
    except NotFoundError:
        await js.add_consumer(stream, consumer_config(tenant, service, consumer, start_time))
    return await js.pull_subscribe_bind(durable=consumer, stream=stream)


async def next_batch(subscription, size: int, wait: float = 1.0) -> list[Msg]:
    """Up to `size` messages without waiting for the batch to fill: wait for the first one, then
    take what is already there. (A plain fetch(size) lingers until `size` arrive or time runs out,
    which costs a full timeout of latency at low rates.)"""
    try:
        first = await subscription.fetch(1, timeout=wait)
    except TimeoutError:
        return []
    if size <= 1:
        return first
    try:
        return first + await subscription.fetch(size - 1, timeout=0.01)
    except TimeoutError:
        return first


def parse(data: bytes) -> tuple[CloudEvent, BaseModel]:
    """Validate an event against its schema. Raises ValueError for anything not in the contract."""
    try:
        return registry.parse(data)
    except KeyError as exc:  # registry.lookup: "unknown event type <type>"
        raise ValueError(f"{exc.args[0]} (update dialoog-contracts)") from exc
    except ValidationError as exc:
        if exc.title != CloudEvent.__name__:
            raise  # the envelope is fine, its payload is not (a ValueError too)
        raise ValueError(f"not a Dialoog CloudEvent: {exc}") from exc


async def subscribe(
    js: JetStreamContext,
    *,
    tenant: str,
    service: str,
    consumer: str,
    handler: EventHandler,
    types: Iterable[str] | None = None,
    start_time: datetime | None = None,
    stop: asyncio.Event | None = None,
    batch: int = 100,
) -> None:
    """Deliver the tenant's events of one service to `handler` until `stop` is set."""
    wanted = set(types) if types else None
    stop = stop or asyncio.Event()
    subscription = await open_consumer(
        js, tenant=tenant, service=service, consumer=consumer, start_time=start_time
    )
    while not stop.is_set():
        for msg in await next_batch(subscription, batch):
            try:
                event, payload = parse(msg.data)
            except ValueError as exc:
                log.error("skipping event on %s: %s", msg.subject, exc)
                await msg.term()
                continue
            if wanted is not None and event.type not in wanted:
                await msg.ack()
                continue
            try:
                await handler(event, payload)
            except Exception:
                log.exception("handler failed for event %s; it will be redelivered", event.id)
                with contextlib.suppress(Exception):
                    await msg.nak(delay=5)
                continue
            await msg.ack()
