"""All SQL about portal sessions (no tenant: a session starts before login). Each call is one
transaction, run once more on a fresh connection if the server had ended the pooled one (kit's
`once_more_if_disconnected`; no ping per checkout, kit/db.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from dialoog.kit.clock import wall_now
from dialoog.kit.db import once_more_if_disconnected
from dialoog.portal.persistence.tables import portal_sessions


class SessionRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def load(self, session_id: str) -> dict | None:
        return await once_more_if_disconnected(lambda: self._load(session_id))

    async def _load(self, session_id: str) -> dict | None:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(portal_sessions.c.data).where(
                        portal_sessions.c.id == session_id, portal_sessions.c.expires_at > wall_now()
                    )
                )
            ).first()
        return dict(row.data) if row else None

    async def save(self, session_id: str, data: dict, idle: timedelta, new: bool) -> None:
        await once_more_if_disconnected(lambda: self._save(session_id, data, idle, new))

    async def _save(self, session_id: str, data: dict, idle: timedelta, new: bool) -> None:
        expires = wall_now() + idle
        async with self.engine.begin() as conn:
            if new:  # the same row again if a first attempt's commit went through unseen
                await conn.execute(
                    insert(portal_sessions)
                    .values(id=session_id, data=data, expires_at=expires)
                    .on_conflict_do_update(index_elements=["id"], set_={"data": data, "expires_at": expires})
                )
            else:
                await conn.execute(
                    update(portal_sessions)
                    .where(portal_sessions.c.id == session_id)
                    .values(data=data, expires_at=expires)
                )

    async def delete(self, session_id: str) -> None:
        await once_more_if_disconnected(lambda: self._delete(session_id))

    async def _delete(self, session_id: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(delete(portal_sessions).where(portal_sessions.c.id == session_id))
            await conn.execute(delete(portal_sessions).where(portal_sessions.c.expires_at < wall_now()))
