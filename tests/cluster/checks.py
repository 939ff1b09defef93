"""The counts the cluster test checks, read from each service's own database (with the tenant set:
the tables are under forced RLS) and from JetStream."""

from __future__ import annotations

from sqlalchemy import distinct, func, select

from dialoog.kit.db import tenant_transaction


async def inbox_count(sessions, tenant: str, inbox, consumer: str, event_ids: list[str] | None = None) -> int:
    async with tenant_transaction(sessions, tenant) as s:
        query = select(func.count()).select_from(inbox).where(inbox.c.consumer == consumer)
        if event_ids is not None:
            query = query.where(inbox.c.event_id.in_(event_ids))
        return (await s.execute(query)).scalar_one()


async def row_count(sessions, tenant: str, table, *where) -> int:
    async with tenant_transaction(sessions, tenant) as s:
        return (await s.execute(select(func.count()).select_from(table).where(*where))).scalar_one()


async def distinct_count(sessions, tenant: str, column, *where) -> int:
    async with tenant_transaction(sessions, tenant) as s:
        return (await s.execute(select(func.count(distinct(column))).where(*where))).scalar_one()


async def unsent(sessions, tenant: str, outbox) -> int:
    return await row_count(sessions, tenant, outbox, outbox.c.sent_at.is_(None))


async def event_ids(sessions, tenant: str, outbox, event_type: str) -> list[str]:
    async with tenant_transaction(sessions, tenant) as s:
        rows = await s.execute(select(outbox.c.event_id).where(outbox.c.type == event_type))
        return [str(r) for (r,) in rows]


async def stream_count(js, stream: str, subject: str) -> int:
    """Messages on `subject` in `stream`: a relay that published a row twice past the duplicate
    window would show here."""
    info = await js.stream_info(stream, subjects_filter=subject)
    return sum((info.state.subjects or {}).values())
