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
import logging

from nats.js import JetStreamContext
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from dialoog.contracts import wire
from dialoog.kit.db import platform_transaction
from dialoog.kit.events.outbox import OutboxRepository
from dialoog.kit.events.tables import NOTIFY_CHANNEL
from dialoog.kit.notified_loop import NotifiedLoop, asyncpg_dsn

__all__ = ["OutboxRelay", "asyncpg_dsn"]

log = logging.getLogger(__name__)


class OutboxRelay(NotifiedLoop):
    name = "outbox relay"

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
        super().__init__(database_url, NOTIFY_CHANNEL, poll_interval)
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.js = js
        self.repository = OutboxRepository(table)
        self.batch_size = batch_size
        self.published = 0

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

    async def once(self) -> int:
        return await self.relay_once()
