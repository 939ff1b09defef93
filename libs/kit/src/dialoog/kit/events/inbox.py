"""The consumer's SQL: record (consumer, event id) under the event's tenant; a second time is a
no-op. The inbox is under forced RLS like every tenant table (ADR 0015), so the caller's
transaction has the event's tenant set; the primary key still catches a repeat whatever the
policy hides (a row recorded before the inbox had a tenant column, ADR 0015)."""

from __future__ import annotations

from sqlalchemy import Table, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession


class InboxRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    async def record(self, session: AsyncSession, consumer: str, tenant: str, event_id: str) -> bool:
        """True when this event is new for this consumer (and now recorded)."""
        result = await session.execute(
            insert(self.table)
            .values(consumer=consumer, event_id=event_id, tenant_id=tenant)
            .on_conflict_do_nothing()
            .returning(self.table.c.event_id)
        )
        return result.first() is not None

    async def record_many(
        self, session: AsyncSession, consumer: str, tenant: str, event_ids: list[str]
    ) -> set[str]:
        """Record events of one tenant in one statement; returns the ids that were new."""
        if not event_ids:
            return set()
        # One array parameter: the statement compiles once, whatever the batch size.
        result = await session.execute(
            text(
                f"INSERT INTO {self.table.name} (consumer, event_id, tenant_id) "
                "SELECT :consumer, unnest(CAST(:ids AS text[])), :tenant "
                "ON CONFLICT DO NOTHING RETURNING event_id"
            ),
            {"consumer": consumer, "ids": event_ids, "tenant": tenant},
        )
        return {row[0] for row in result}
