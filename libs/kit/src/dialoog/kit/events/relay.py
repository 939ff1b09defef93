"""The outbox relay: publishes committed outbox rows to JetStream in order, with the event id as
`Nats-Msg-Id` (JetStream drops a duplicate within its window; a `duplicate` ack is success) and the
other headers of CloudEvents structured mode (`dialoog.contracts.wire`), then marks them sent in the
same transaction that claimed them (FOR UPDATE SKIP LOCKED, so two relays never publish the same
row at once). It reads across tenants in platform mode: the outbox is under forced RLS (ADR 0015).
Wakes on LISTEN/NOTIFY, and polls as a safety net.

A crash anywhere is safe: before the publish nothing left; after the publish and before the mark,
the row is published again and deduplicated by JetStream (and by consumers' inboxes beyond it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg
from nats.js import JetStreamContext
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from dialoog.contracts import wire
from dialoog.kit.db import platform_transaction
from dialoog.kit.events.context import reraise_if_cancelled
from dialoog.kit.events.outbox import OutboxRepository
from dialoog.kit.events.tables import NOTIFY_CHANNEL

log = logging.getLogger(__name__)


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        database_url: str,
        js: JetStreamContext,
        table: Table,
        *,
        batch_size: int = 500,
        poll_interval: float = 1.0,
    ) -> None:
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.database_url = database_url
        self.js = js
        self.repository = OutboxRepository(table)
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.published = 0
        self._wake = asyncio.Event()
        self._stopping = False
        self._listener: asyncpg.Connection | None = None

    # Hooks for crash tests (dialoog.testing.processes); no-ops here.
    async def before_publish(self, rows: list) -> None:
        return None

    async def after_publish(self, rows: list) -> None:
        return None

    async def relay_once(self) -> int:
        """Publish one batch. Returns how many rows were published."""
        # The relay serves every tenant: the outbox's policy lets platform mode see all rows.
        async with platform_transaction(self.sessions) as session:
            rows = await self.repository.claim(session, self.batch_size)
            if not rows:
                return 0
            await self.before_publish(rows)
            futures = []
            for row in rows:
                headers = wire.headers(str(row.event_id), row.tenant_id, row.traceparent)
                futures.append(await self.js.publish_async(row.subject, row.body.encode(), headers=headers))
            # Any failure raises here and rolls the batch back: it is published again later,
            # and the rows that did get through are dropped by JetStream as duplicates.
            async with asyncio.timeout(30):
                await asyncio.gather(*futures)
            await self.after_publish(rows)
            await self.repository.mark_sent(session, [row.seq for row in rows])
        self.published += len(rows)
        return len(rows)

    async def _listen(self) -> None:
        self._listener = await asyncpg.connect(asyncpg_dsn(self.database_url))
        await self._listener.add_listener(NOTIFY_CHANNEL, lambda *_: self._wake.set())

    async def _pause(self, seconds: float) -> None:
        """Sleep until woken (NOTIFY, stop) or `seconds` pass. No timeouts that cancel: on Python
        3.11 a timeout racing with a cancellation can swallow it."""
        waiter = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({waiter}, timeout=seconds)
        finally:
            waiter.cancel()
        self._wake.clear()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Relay until `stop()`. Errors are logged and retried with a short backoff."""
        backoff = 0.2
        while not self._stopping:
            try:
                if self._listener is None or self._listener.is_closed():
                    await self._listen()
                while not self._stopping and await self.relay_once():
                    pass
                backoff = 0.2
                if not self._stopping:
                    await self._pause(self.poll_interval)
            except Exception as exc:
                reraise_if_cancelled(exc)
                log.warning("outbox relay: %s: %s; retrying in %.1fs", type(exc).__name__, exc, backoff)
                if self._listener is not None and not self._listener.is_closed():
                    with contextlib.suppress(Exception):
                        await self._listener.close()
                self._listener = None
                await self._pause(backoff)
                backoff = min(backoff * 2, 5.0)

    async def close(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            await self._listener.close()
