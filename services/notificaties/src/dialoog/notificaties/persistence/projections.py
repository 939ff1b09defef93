"""All SQL about what notificaties learns from organisatie's events (people, units, reporting
lines: the shared part in `dialoog.kit.projections`; the tenant's name) and from the others (which
employee an assessment or decision belongs to), and the reads that resolve recipients."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.projections import OrganisatieProjection
from dialoog.notificaties.domain.branding import Brand
from dialoog.notificaties.persistence.tables import org_units, people, reporting, subjects, tenants


class ProjectionRepository(OrganisatieProjection):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, people, org_units, reporting)

    async def name_tenant(self, tenant: str, name: str | None) -> None:
        stmt = insert(tenants).values(tenant_id=tenant, name=name)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["tenant_id"], set_={"name": name})
        )

    async def brand_tenant(
        self,
        tenant: str,
        primary_color: str | None,
        accent_color: str | None,
        mail_name: str | None,
        version: int,
    ) -> None:
        """The tenant's branding of `version`, unless a later one was applied already."""
        values = {
            "primary_color": primary_color,
            "accent_color": accent_color,
            "mail_name": mail_name,
            "branding_version": version,
        }
        stmt = insert(tenants).values(tenant_id=tenant, **values)
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["tenant_id"],
                set_=values,
                where=tenants.c.branding_version < version,
            )
        )

    async def ensure_tenant(self, tenant: str) -> None:
        await self.session.execute(insert(tenants).values(tenant_id=tenant).on_conflict_do_nothing())

    async def remember_subject(self, tenant: str, object_id: UUID, employee_id: UUID) -> None:
        await self.session.execute(
            insert(subjects)
            .values(tenant_id=tenant, object_id=object_id, employee_id=employee_id)
            .on_conflict_do_nothing()
        )

    # --- reads ----------------------------------------------------------------------------------
    async def tenant_name(self) -> str | None:
        return (await self.session.execute(select(tenants.c.name))).scalar_one_or_none()

    async def brand(self) -> Brand:
        """The tenant's name and branding, for its mails (the default look if none is known)."""
        row = (
            await self.session.execute(
                select(tenants.c.name, tenants.c.primary_color, tenants.c.accent_color, tenants.c.mail_name)
            )
        ).first()
        return Brand(row.name, row.primary_color, row.accent_color, row.mail_name) if row else Brand()

    async def employee_of(self, object_id: UUID) -> UUID | None:
        return (
            await self.session.execute(
                select(subjects.c.employee_id).where(subjects.c.object_id == object_id)
            )
        ).scalar_one_or_none()

    async def managers_of(self, employee: UUID) -> list[UUID]:
        row = (
            await self.session.execute(select(reporting).where(reporting.c.employee_id == employee))
        ).first()
        return [i for i in (row.manager_id, row.delegate_id) if i] if row else []

    async def with_role(self, role: str) -> list[UUID]:
        rows = await self.session.execute(
            select(people.c.person_id).where(people.c.roles.any(role)).order_by(people.c.person_id)
        )
        return [r[0] for r in rows]

    async def people_by_id(self, ids: list[UUID]) -> dict[UUID, object]:
        if not ids:
            return {}
        rows = await self.session.execute(select(people).where(people.c.person_id.in_(ids)))
        return {r.person_id: r for r in rows}
