"""All SQL about what portfolio learns from organisatie's events."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.cycle.schema import CycleDefinition
from dialoog.contracts.cycle.versions import Version
from dialoog.kit.projections import OrganisatieProjection
from dialoog.portfolio.persistence.tables import cycle_versions, org_units, people, reporting


class ProjectionRepository(OrganisatieProjection):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, people, org_units, reporting)

    async def add_cycle_version(
        self, tenant: str, number: int, effective_from: date, definition: dict
    ) -> None:
        await self.session.execute(
            insert(cycle_versions)
            .values(tenant_id=tenant, number=number, effective_from=effective_from, definition=definition)
            .on_conflict_do_nothing()
        )

    # --- reads ----------------------------------------------------------------------------------
    async def managers_of(self, employee: UUID) -> set[UUID]:
        row = (
            await self.session.execute(select(reporting).where(reporting.c.employee_id == employee))
        ).first()
        return {i for i in (row.manager_id, row.delegate_id) if i} if row else set()

    async def reports_of(self, manager: UUID) -> list[UUID]:
        rows = await self.session.execute(
            select(reporting.c.employee_id).where(
                (reporting.c.manager_id == manager) | (reporting.c.delegate_id == manager)
            )
        )
        return [r[0] for r in rows]

    async def unit_ancestors(self, unit: UUID | None) -> list[UUID]:
        """The unit and every unit above it."""
        chain: list[UUID] = []
        parents = {r.id: r.parent_id for r in await self.session.execute(select(org_units))}
        while unit is not None and unit not in chain:
            chain.append(unit)
            unit = parents.get(unit)
        return chain

    async def directors_of_units(self, units: list[UUID]) -> set[UUID]:
        if not units:
            return set()
        rows = await self.session.execute(
            select(people.c.person_id).where(people.c.org_unit_id.in_(units), people.c.roles.any("director"))
        )
        return {r[0] for r in rows}

    async def cycle_versions(self) -> list[Version]:
        rows = await self.session.execute(select(cycle_versions).order_by(cycle_versions.c.number))
        return [
            Version(r.number, r.effective_from, CycleDefinition.model_validate(r.definition)) for r in rows
        ]

    async def cycle_version(self, number: int) -> CycleDefinition | None:
        row = (
            await self.session.execute(select(cycle_versions).where(cycle_versions.c.number == number))
        ).first()
        return CycleDefinition.model_validate(row.definition) if row else None
