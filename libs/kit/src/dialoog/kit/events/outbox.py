"""Write events into the outbox in the caller's transaction (never publish directly)."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import Table, Text, cast, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts import wire
from dialoog.contracts.envelope import CloudEvent
from dialoog.kit import clock
from dialoog.kit.events.context import current_traceparent


class Outbox:
    """Per service: `Outbox(outbox_table)`; `await outbox.add(session, tenant, payload)`."""

    def __init__(self, table: Table) -> None:
        self.table = table

    async def add(self, session: AsyncSession, tenant: str, payload: BaseModel) -> CloudEvent:
        (event,) = await self.add_many(session, tenant, [payload])
        return event

    async def add_many(
        self, session: AsyncSession, tenant: str, payloads: list[BaseModel]
    ) -> list[CloudEvent]:
        """One statement for a batch (imports, bulk changes)."""
        if not payloads:
            return []
        traceparent, at = current_traceparent(), clock.now()
        events = [
            p.event_type.envelope(tenant, p, time=at, traceparent=traceparent)  # type: ignore[attr-defined]
            for p in payloads
        ]
        await session.execute(insert(self.table), [_row(e) for e in events])
        return events

    async def add_event(self, session: AsyncSession, event: CloudEvent) -> None:
        await session.execute(insert(self.table).values(_row(event)))


def _row(event: CloudEvent) -> dict:
    return {
        "event_id": event.id,
        "tenant_id": event.tenant,
        "subject": event.subject,
        "type": event.type,
        "envelope": wire.envelope_json(event),
    }


class OutboxRepository:
    """The relay's SQL: claim unsent rows in order, skipping rows another relay holds, and mark
    them sent in the same transaction. Across tenants: call it in a platform transaction (the
    outbox is under forced RLS; with a tenant set it sees that tenant's rows only)."""

    def __init__(self, table: Table) -> None:
        self.table = table

    async def claim(self, session: AsyncSession, limit: int) -> list:
        t = self.table
        rows = await session.execute(
            select(
                t.c.seq,
                t.c.event_id,
                t.c.subject,
                t.c.type,
                t.c.tenant_id,
                cast(t.c.envelope, Text).label("body"),
                t.c.envelope["traceparent"].astext.label("traceparent"),
            )
            .where(t.c.sent_at.is_(None))
            .order_by(t.c.seq)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(rows)

    async def mark_sent(self, session: AsyncSession, seqs: list[int]) -> None:
        await session.execute(update(self.table).where(self.table.c.seq.in_(seqs)).values(sent_at=func.now()))

    async def unsent(self, session: AsyncSession) -> int:
        return (
            await session.execute(select(func.count()).where(self.table.c.sent_at.is_(None)))
        ).scalar_one()
