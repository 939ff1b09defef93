"""Idempotent JetStream consumers.

For each message: parse and validate the CloudEvent; in ONE transaction (tenant set from the event)
record (consumer, event id) in the inbox and apply the handler's effect; commit; then ack and wait
for the server's confirmation (double ack). A redelivery finds the inbox row and is acked without
effect. A failing handler is retried with backoff up to `max_deliver` times, then the message goes
to the dead-letter stream with the reason; a dependency that is down (the database, Keycloak) is
waited for instead, without using up deliveries. A message that cannot be parsed goes there at once.
While a handler runs, the message is kept in progress so a slow handler is not redelivered.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from opentelemetry import context as otel_context
from opentelemetry import metrics, trace
from pydantic import BaseModel
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.registry import parse
from dialoog.contracts.sdk import next_batch
from dialoog.kit.db import SET_TENANT, tenant_transaction
from dialoog.kit.events.context import (
    CONTENT_TYPE_HEADER,
    MSG_ID_HEADER,
    TENANT_HEADER,
    context_from_headers,
    current_tenant,
    reraise_if_cancelled,
)
from dialoog.kit.events.inbox import InboxRepository
from dialoog.kit.unavailable import DEPENDENCIES, dependency_of

log = logging.getLogger(__name__)
tracer = trace.get_tracer("dialoog.kit.events")
meter = metrics.get_meter("dialoog.kit.events")
dead_lettered = meter.create_counter(
    "dialoog.events.dead_lettered", description="Messages sent to dead letters"
)
applied_counter = meter.create_counter("dialoog.events.applied", description="Events applied by consumers")

Handler = Callable[[AsyncSession, CloudEvent, BaseModel], Awaitable[None]]
# Optional: the effect of many new events of one tenant at once (projections, bulk effects).
BatchHandler = Callable[[AsyncSession, list[tuple[CloudEvent, BaseModel]]], Awaitable[None]]


class PoisonMessage(Exception):
    """The message can never be processed (unparseable, unknown type)."""


@dataclass
class ConsumerSpec:
    name: str  # durable consumer name, also the inbox key
    stream: str
    filter_subjects: Sequence[str]
    max_deliver: int = 5
    ack_wait: float = 30.0
    backoff: Sequence[float] = (1.0, 5.0, 15.0, 60.0)
    batch: int = 100
    deliver_policy: DeliverPolicy = DeliverPolicy.ALL

    def config(self) -> ConsumerConfig:
        return ConsumerConfig(
            durable_name=self.name,
            name=self.name,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self.ack_wait,
            max_deliver=self.max_deliver,
            filter_subjects=list(self.filter_subjects),
            deliver_policy=self.deliver_policy,
            max_ack_pending=10_000,
        )


class EventConsumer:
    def __init__(
        self,
        js: JetStreamContext,
        sessions: async_sessionmaker[AsyncSession],
        inbox: Table,
        spec: ConsumerSpec,
        handler: Handler,
        *,
        service: str,
        batch_handler: BatchHandler | None = None,
    ) -> None:
        self.batch_handler = batch_handler
        self.js = js
        self.sessions = sessions
        self.inbox = InboxRepository(inbox)
        self.spec = spec
        self.handler = handler
        self.service = service
        self.applied = 0
        self.duplicates = 0
        self.dead = 0

    # Hook for crash tests (dialoog.testing.processes): after the commit, before the ack.
    async def after_commit(self, event: CloudEvent) -> None:
        return None

    async def _subscribe(self):
        try:
            await self.js.add_consumer(self.spec.stream, self.spec.config())
        except Exception as exc:
            log.debug("add_consumer %s: %s", self.spec.name, exc)
        return await self.js.pull_subscribe_bind(durable=self.spec.name, stream=self.spec.stream)

    async def run(self) -> None:
        """Fetch and handle until cancelled; resubscribes after NATS restarts."""
        subscription = None
        failures = 0
        while True:
            try:
                if subscription is None:
                    subscription = await self._subscribe()
                messages = await next_batch(subscription, self.spec.batch)
                failures = 0
                if messages:
                    await self.handle_batch(messages)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # reconnects, server restarts, lost subscriptions
                reraise_if_cancelled(exc)
                failures += 1
                # Say it the first time and then now and again (a stream that does not exist yet,
                # because its service has not started, is not worth a line every half second).
                if failures == 1 or failures % 30 == 0:
                    log.warning(
                        "consumer %s: %s: %s; resubscribing (attempt %d)",
                        self.spec.name,
                        type(exc).__name__,
                        exc,
                        failures,
                    )
                if subscription is not None:
                    with contextlib.suppress(Exception):
                        await subscription.unsubscribe()
                subscription = None
                await asyncio.sleep(min(0.5 * failures, 5.0))

    async def handle_batch(self, messages: list[Msg]) -> None:
        """The fast path: a fetched batch in one transaction (inbox rows in one statement, then each
        new event's effect), one commit, then every ack confirmed concurrently. If anything in it
        fails, the transaction is rolled back and each message takes the one-by-one path, which
        retries and dead-letters per message."""
        parsed: list[tuple[Msg, CloudEvent, BaseModel]] = []
        for msg in messages:
            try:
                event, payload = self._parse(msg)
            except PoisonMessage as exc:
                await self.dead_letter(msg, str(exc))
                continue
            parsed.append((msg, event, payload))
        if not parsed:
            return
        if len(parsed) == 1:
            msg, event, payload = parsed[0]
            await self.handle(msg, (event, payload))
            return
        heartbeat = asyncio.create_task(self._keep_in_progress(*(m for m, _, _ in parsed)))
        try:
            new = await self._apply_batch(parsed)
        except Exception as exc:
            reraise_if_cancelled(exc)
            log.info("consumer %s: batch of %d failed (%s); one by one", self.spec.name, len(parsed), exc)
            heartbeat.cancel()
            for msg, event, payload in parsed:
                await self.handle(msg, (event, payload))
            return
        finally:
            heartbeat.cancel()
        for _, event, _ in parsed:
            await self.after_commit(event)
        await asyncio.gather(*(msg.ack_sync(timeout=5) for msg, _, _ in parsed))
        self.applied += len(new)
        self.duplicates += len(parsed) - len(new)
        applied_counter.add(len(new), {"consumer": self.spec.name})

    async def _apply_batch(self, parsed: list[tuple[Msg, CloudEvent, BaseModel]]) -> set[str]:
        async with self.sessions() as session, session.begin():
            new: set[str] = set()
            # Runs of consecutive events of one tenant, in delivery order; each run's inbox rows
            # and effects are written with its tenant set (the inbox is under forced RLS).
            for run in _tenant_runs([(event, payload) for _, event, payload in parsed]):
                tenant = run[0][0].tenant
                await session.execute(SET_TENANT, {"tenant": tenant})
                recorded = await self.inbox.record_many(
                    session, self.spec.name, tenant, [event.id for event, _ in run]
                )
                fresh: list[tuple[CloudEvent, BaseModel]] = []
                for event, payload in run:
                    # Two copies of one event in a batch (two in the stream): recorded once, run once.
                    if event.id in recorded and event.id not in new:
                        new.add(event.id)
                        fresh.append((event, payload))
                if fresh:
                    await self._apply_run(session, tenant, fresh)
            return new

    async def _apply_run(
        self, session: AsyncSession, tenant: str, run: list[tuple[CloudEvent, BaseModel]]
    ) -> None:
        token = current_tenant.set(tenant)
        try:
            if self.batch_handler is not None:
                await self.batch_handler(session, run)
                return
            for event, payload in run:
                # Each effect continues its event's trace, as on the one-by-one path.
                trace = otel_context.attach(context_from_headers({"traceparent": event.traceparent or ""}))
                try:
                    await self.handler(session, event, payload)
                finally:
                    otel_context.detach(trace)
        finally:
            current_tenant.reset(token)

    def _parse(self, msg: Msg) -> tuple[CloudEvent, BaseModel]:
        try:
            return parse(msg.data)
        except Exception as exc:
            raise PoisonMessage(f"unparseable event: {type(exc).__name__}: {exc}") from exc

    async def handle(self, msg: Msg, parsed: tuple[CloudEvent, BaseModel] | None = None) -> None:
        """One message in its own transaction; `parsed` is its event and payload when the caller
        has parsed it already (the batch path)."""
        deliveries = msg.metadata.num_delivered if msg.metadata else 1
        parent = context_from_headers(msg.headers)
        token = otel_context.attach(parent)
        try:
            if parsed is None:
                try:
                    parsed = self._parse(msg)
                except PoisonMessage as exc:
                    await self.dead_letter(msg, str(exc))
                    return
            event, payload = parsed
            tenant_token = current_tenant.set(event.tenant)
            heartbeat = asyncio.create_task(self._keep_in_progress(msg))
            try:
                with tracer.start_as_current_span(
                    f"consume {event.type}",
                    kind=trace.SpanKind.CONSUMER,
                    attributes={
                        "messaging.system": "nats",
                        "dialoog.tenant": event.tenant,
                        "cloudevents.id": event.id,
                    },
                ):
                    new = await self._apply_through_outages(event, payload)
            except Exception as exc:
                heartbeat.cancel()
                if deliveries >= self.spec.max_deliver:
                    await self.dead_letter(msg, f"failed {deliveries} times: {type(exc).__name__}: {exc}")
                else:
                    delay = self.spec.backoff[min(deliveries - 1, len(self.spec.backoff) - 1)]
                    log.info(
                        "consumer %s: event %s failed (%s); retry in %ss",
                        self.spec.name,
                        event.id,
                        exc,
                        delay,
                    )
                    await msg.nak(delay=delay)
                return
            finally:
                heartbeat.cancel()
                current_tenant.reset(tenant_token)
            await self.after_commit(event)
            await msg.ack_sync(timeout=5)
            if new:
                self.applied += 1
                applied_counter.add(1, {"consumer": self.spec.name})
            else:
                self.duplicates += 1
        finally:
            otel_context.detach(token)

    async def _apply_through_outages(self, event: CloudEvent, payload: BaseModel) -> bool:
        """`_apply`, tried again in place while a dependency is down (kit.unavailable): an outage
        is no fault of the message, so it must not use up its deliveries and end in dead letters.
        The heartbeat keeps the message in progress meanwhile."""
        while True:
            try:
                return await self._apply(event, payload)
            except Exception as exc:
                reraise_if_cancelled(exc)
                dependency = dependency_of(exc)
                if dependency is None:
                    raise
                wait = DEPENDENCIES[dependency].retry_after
                log.warning(
                    "consumer %s: %s unavailable (%s); event %s again in %ss",
                    self.spec.name,
                    dependency,
                    type(exc).__name__,
                    event.id,
                    wait,
                )
                await asyncio.sleep(wait)

    async def _apply(self, event: CloudEvent, payload: BaseModel) -> bool:
        async with tenant_transaction(self.sessions, event.tenant) as session:
            if not await self.inbox.record(session, self.spec.name, event.tenant, event.id):
                return False
            await self.handler(session, event, payload)
            return True

    async def _keep_in_progress(self, *messages: Msg) -> None:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            while True:
                await asyncio.sleep(max(self.spec.ack_wait / 3, 0.2))
                await asyncio.gather(*(msg.in_progress() for msg in messages))

    async def dead_letter(self, msg: Msg, reason: str) -> None:
        headers = {
            "Dialoog-Dead-Reason": reason[:1000],
            "Dialoog-Consumer": self.spec.name,
            "Dialoog-Original-Subject": msg.subject,
        }
        # The message's own headers that still hold for its copy (a copy of an old message leaves
        # its `Ce-Type` behind: the body says the type).
        for key in (MSG_ID_HEADER, TENANT_HEADER, CONTENT_TYPE_HEADER, "traceparent"):
            if msg.headers and key in msg.headers:
                headers[key] = msg.headers[key]
        if MSG_ID_HEADER in headers:
            headers[MSG_ID_HEADER] = f"dead-{self.spec.name}-{headers[MSG_ID_HEADER]}"
        await self.js.publish(f"dlq.{self.service}.{self.spec.name}", msg.data, headers=headers)
        await msg.term()
        self.dead += 1
        dead_lettered.add(1, {"consumer": self.spec.name})
        log.error(
            "ALERT dead letter: consumer=%s subject=%s reason=%s",
            self.spec.name,
            msg.subject,
            json.dumps(reason),
        )


def _tenant_runs(items: list[tuple[CloudEvent, BaseModel]]) -> list[list[tuple[CloudEvent, BaseModel]]]:
    """Consecutive events of one tenant, in delivery order."""
    runs: list[list[tuple[CloudEvent, BaseModel]]] = []
    for event, payload in items:
        if runs and runs[-1][0][0].tenant == event.tenant:
            runs[-1].append((event, payload))
        else:
            runs.append([(event, payload)])
    return runs
