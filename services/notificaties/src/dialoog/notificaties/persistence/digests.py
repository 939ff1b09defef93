"""All SQL about digests (one mail with a person's held items) and the tenants served."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.notificaties.persistence.tables import digests, tenants


class DigestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, tenant: str, digest: UUID, recipient: UUID, due_at: datetime, items: int, message_id: str
    ) -> bool:
        made = await self.session.execute(
            insert(digests)
            .values(
                id=digest,
                tenant_id=tenant,
                recipient_id=recipient,
                due_at=due_at,
                items=items,
                message_id=message_id,
            )
            .on_conflict_do_nothing()
            .returning(digests.c.id)
        )
        return made.first() is not None


async def all_tenants(session: AsyncSession) -> list[str]:
    """In a platform transaction: every tenant notificaties knows."""
    return [r[0] for r in await session.execute(select(tenants.c.tenant_id).order_by(tenants.c.tenant_id))]
