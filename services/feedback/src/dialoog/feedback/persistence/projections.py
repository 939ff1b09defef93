"""All SQL about what feedback learns from organisatie's events: people, units and reporting lines
(the shared part in `dialoog.kit.projections`), the tenant's name, and the `feedback` options of
each cycle version."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.feedback.persistence.tables import cycle_settings, org_units, people, reporting, tenant_settings
from dialoog.kit.projections import OrganisatieProjection


class ProjectionRepository(OrganisatieProjection):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, people, org_units, reporting)

    async def add_cycle_settings(
        self, tenant: str, number: int, effective_from: date, feedback: dict
    ) -> None:
        await self.session.execute(
            insert(cycle_settings)
            .values(tenant_id=tenant, number=number, effective_from=effective_from, feedback=feedback)
            .on_conflict_do_nothing()
        )

    async def name_tenant(self, tenant: str, name: str | None) -> None:
        stmt = insert(tenant_settings).values(tenant_id=tenant, name=name)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["tenant_id"], set_={"name": name})
        )

    async def ensure_tenant(self, tenant: str) -> None:
        await self.session.execute(insert(tenant_settings).values(tenant_id=tenant).on_conflict_do_nothing())

    # --- reads ----------------------------------------------------------------------------------
    async def feedback_options(self, on: date) -> dict | None:
        """The `feedback` options of the cycle version in force on `on`."""
        return (
            await self.session.execute(
                select(cycle_settings.c.feedback)
                .where(cycle_settings.c.effective_from <= on)
                .order_by(cycle_settings.c.effective_from.desc(), cycle_settings.c.number.desc())
                .limit(1)
            )
        ).scalar_one_or_none()

    async def people_by_id(self, ids: list[UUID]) -> dict[UUID, object]:
        if not ids:
            return {}
        rows = await self.session.execute(select(people).where(people.c.person_id.in_(ids)))
        return {r.person_id: r for r in rows}

    async def managers_of(self, employee: UUID) -> set[UUID]:
        row = (
            await self.session.execute(select(reporting).where(reporting.c.employee_id == employee))
        ).first()
        return {i for i in (row.manager_id, row.delegate_id) if i} if row else set()

    async def colleagues(self, q: str | None, exclude: UUID) -> list:
        """People of the tenant (with their unit's name), whose name contains `q` (any case)."""
        stmt = (
            select(
                people.c.person_id,
                people.c.display_name,
                people.c.employee_number,
                people.c.org_unit_id,
                org_units.c.name.label("org_unit_name"),
            )
            .outerjoin(org_units, org_units.c.id == people.c.org_unit_id)
            .where(people.c.person_id != exclude)
        )
        if q:
            pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(people.c.display_name.ilike(pattern, escape="\\"))
        return list(await self.session.execute(stmt))

    async def unit_names(self) -> dict[UUID, str]:
        return {r.id: r.name for r in await self.session.execute(select(org_units.c.id, org_units.c.name))}
