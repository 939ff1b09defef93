"""All SQL about preferences: a person's own settings and the tenant's defaults (both versioned)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.notificaties.persistence.tables import preferences, tenant_defaults


class PreferenceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ensure_person(self, tenant: str, person: UUID) -> None:
        await self.session.execute(
            insert(preferences).values(tenant_id=tenant, person_id=person).on_conflict_do_nothing()
        )

    async def ensure_defaults(self, tenant: str) -> None:
        await self.session.execute(insert(tenant_defaults).values(tenant_id=tenant).on_conflict_do_nothing())

    async def person(self, person: UUID, *, lock: bool = False):
        stmt = select(preferences).where(preferences.c.person_id == person)
        return (await self.session.execute(stmt.with_for_update() if lock else stmt)).first()

    async def people(self, ids: list[UUID]) -> dict[UUID, dict]:
        if not ids:
            return {}
        rows = await self.session.execute(
            select(preferences.c.person_id, preferences.c.settings).where(preferences.c.person_id.in_(ids))
        )
        return {r.person_id: r.settings for r in rows}

    async def defaults(self, *, lock: bool = False):
        stmt = select(tenant_defaults)
        return (await self.session.execute(stmt.with_for_update() if lock else stmt)).first()

    async def replace_person(self, person: UUID, settings: dict) -> int:
        t = preferences
        return (
            await self.session.execute(
                update(t)
                .where(t.c.person_id == person)
                .values(settings=settings, version=t.c.version + 1)
                .returning(t.c.version)
            )
        ).scalar_one()

    async def replace_defaults(self, settings: dict) -> int:
        t = tenant_defaults
        return (
            await self.session.execute(
                update(t).values(settings=settings, version=t.c.version + 1).returning(t.c.version)
            )
        ).scalar_one()
