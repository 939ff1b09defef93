"""SQL of the tenant's feedback settings (name, colours, retention) and of opted-out addresses."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.feedback.persistence.tables import opt_outs, tenant_settings


class SettingsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self):
        return (await self.session.execute(select(tenant_settings))).first()

    async def put(self, tenant: str, expected: int, values: dict):
        """Store the settings if `expected` is the current version (1 for settings never stored);
        None when it is not."""
        current = await self.get()
        if (current.version if current else 1) != expected:
            return None
        stmt = insert(tenant_settings).values(tenant_id=tenant, version=expected + 1, **values)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["tenant_id"], set_={**values, "version": expected + 1})
        )
        return await self.get()

    async def opt_out(self, tenant: str, address_hash: str) -> None:
        await self.session.execute(
            insert(opt_outs).values(tenant_id=tenant, address_hash=address_hash).on_conflict_do_nothing()
        )

    async def opted_out(self, hashes: list[str]) -> set[str]:
        if not hashes:
            return set()
        rows = await self.session.execute(
            select(opt_outs.c.address_hash).where(opt_outs.c.address_hash.in_(hashes))
        )
        return {r[0] for r in rows}
