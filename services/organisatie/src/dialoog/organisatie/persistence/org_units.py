"""All SQL about org units. Rows are filtered by RLS on the tenant set in the transaction; the
repository also names the tenant explicitly on insert (RLS checks it)."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.pagination import PageRequest, keyset
from dialoog.organisatie.domain.org_unit import OrgUnit
from dialoog.organisatie.persistence.tables import org_units


def _to_domain(row) -> OrgUnit:
    return OrgUnit(
        id=row.id,
        tenant_id=row.tenant_id,
        name=row.name,
        parent_id=row.parent_id,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


ORDER = (org_units.c.name, org_units.c.id)


class OrgUnitRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(self, page: PageRequest) -> list[OrgUnit]:
        """A page of the units by name (and id), one more than the page holds."""
        rows = await self.session.execute(keyset(select(org_units), ORDER, page))
        return [_to_domain(r) for r in rows]

    async def all(self) -> list[OrgUnit]:
        rows = await self.session.execute(select(org_units).order_by(*ORDER))
        return [_to_domain(r) for r in rows]

    async def get(self, unit_id: UUID) -> OrgUnit | None:
        row = (await self.session.execute(select(org_units).where(org_units.c.id == unit_id))).first()
        return _to_domain(row) if row else None

    async def add(self, tenant_id: str, name: str, parent_id: UUID | None) -> OrgUnit:
        row = (
            await self.session.execute(
                insert(org_units)
                .values(id=uuid4(), tenant_id=tenant_id, name=name, parent_id=parent_id)
                .returning(org_units)
            )
        ).one()
        return _to_domain(row)

    async def add_many(self, tenant_id: str, names: list[str]) -> list[OrgUnit]:
        rows = await self.session.execute(
            insert(org_units)
            .values(
                [{"id": uuid4(), "tenant_id": tenant_id, "name": name, "parent_id": None} for name in names]
            )
            .returning(org_units)
        )
        return [_to_domain(r) for r in rows]

    async def rename(self, unit_id: UUID, expected_version: int, name: str) -> OrgUnit | None:
        """None when the unit does not exist or has another version (the caller tells which)."""
        row = (
            await self.session.execute(
                update(org_units)
                .where(org_units.c.id == unit_id, org_units.c.version == expected_version)
                .values(name=name, version=org_units.c.version + 1, updated_at=func.now())
                .returning(org_units)
            )
        ).first()
        return _to_domain(row) if row else None
