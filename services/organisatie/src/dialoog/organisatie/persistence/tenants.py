"""All SQL about tenants and their cycle versions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.cycle.schema import CycleDefinition
from dialoog.contracts.cycle.versions import Version
from dialoog.kit.db import SET_TENANT
from dialoog.kit.pagination import PageRequest, keyset
from dialoog.organisatie.domain.tenant import Branding, Tenant
from dialoog.organisatie.persistence.tables import cycle_versions, tenants


def _tenant(row) -> Tenant:
    return Tenant(
        row.tenant_id,
        row.name,
        row.domain,
        row.status,
        row.keycloak_org_id,
        row.version,
        row.created_at,
        Branding(row.primary_color, row.accent_color, row.mail_name),
    )


class TenantRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, tenant_id: str) -> Tenant | None:
        row = (await self.session.execute(select(tenants).where(tenants.c.tenant_id == tenant_id))).first()
        return _tenant(row) if row else None

    async def page(self, page: PageRequest) -> list[Tenant]:
        """A page of the tenants by key."""
        return [
            _tenant(r)
            for r in await self.session.execute(keyset(select(tenants), (tenants.c.tenant_id,), page))
        ]

    async def add(self, tenant_id: str, name: str, domain: str | None) -> Tenant | None:
        """None when the key is taken."""
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        row = (
            await self.session.execute(
                pg_insert(tenants)
                .values(tenant_id=tenant_id, name=name, domain=domain)
                .on_conflict_do_nothing()
                .returning(tenants)
            )
        ).first()
        return _tenant(row) if row else None

    async def act_for(self, tenant_id: str) -> None:
        """From here on this transaction acts for `tenant_id` (RLS): the platform transaction that
        creates a tenant then writes the tenant's own first rows."""
        await self.session.execute(SET_TENANT, {"tenant": tenant_id})

    async def set_branding(self, tenant_id: str, expected_version: int, branding: Branding) -> Tenant | None:
        """None when the tenant has another version than `expected_version` (or is not there)."""
        row = (
            await self.session.execute(
                update(tenants)
                .where(tenants.c.tenant_id == tenant_id, tenants.c.version == expected_version)
                .values(
                    primary_color=branding.primary_color,
                    accent_color=branding.accent_color,
                    mail_name=branding.mail_name,
                    updated_at=func.now(),
                    version=tenants.c.version + 1,
                )
                .returning(tenants)
            )
        ).first()
        return _tenant(row) if row else None

    async def mark_provisioned(self, tenant_id: str, keycloak_org_id: str) -> None:
        await self.session.execute(
            update(tenants)
            .where(tenants.c.tenant_id == tenant_id)
            .values(
                status="active",
                keycloak_org_id=keycloak_org_id,
                updated_at=func.now(),
                version=tenants.c.version + 1,
            )
        )


class CycleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def versions(self) -> list[Version]:
        rows = await self.session.execute(select(cycle_versions).order_by(cycle_versions.c.number))
        return [self._version(r) for r in rows]

    async def get(self, number: int) -> Version | None:
        row = (
            await self.session.execute(select(cycle_versions).where(cycle_versions.c.number == number))
        ).first()
        return self._version(row) if row else None

    async def summaries(self, page: PageRequest) -> list:
        """A page of the versions by number."""
        stmt = select(
            cycle_versions.c.number,
            cycle_versions.c.effective_from,
            cycle_versions.c.preset,
            cycle_versions.c.created_by,
            cycle_versions.c.created_at,
        )
        return list(await self.session.execute(keyset(stmt, (cycle_versions.c.number,), page)))

    async def latest_number(self) -> int:
        return (
            await self.session.execute(select(func.coalesce(func.max(cycle_versions.c.number), 0)))
        ).scalar_one()

    async def add(
        self, tenant_id: str, number: int, effective_from: date, definition: CycleDefinition, created_by: str
    ) -> Version | None:
        """None when `number` was taken meanwhile (a concurrent writer)."""
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        row = (
            await self.session.execute(
                pg_insert(cycle_versions)
                .values(
                    tenant_id=tenant_id,
                    number=number,
                    effective_from=effective_from,
                    preset=definition.preset,
                    definition=definition.model_dump(mode="json"),
                    created_by=created_by,
                )
                .on_conflict_do_nothing()
                .returning(cycle_versions)
            )
        ).first()
        return self._version(row) if row else None

    @staticmethod
    def _version(row) -> Version:
        return Version(row.number, row.effective_from, CycleDefinition.model_validate(row.definition))


__all__ = ["CycleRepository", "TenantRepository"]
