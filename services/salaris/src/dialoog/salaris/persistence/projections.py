"""All SQL about what salaris learns from other services' events: people, units, reporting lines
and the salary-round settings of each cycle version (organisatie), reward advice (portfolio)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.salaris.persistence.tables import cycle_settings, org_units, people, reporting, reward_advices


class ProjectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def upsert_person(self, tenant: str, values: dict) -> None:
        stmt = insert(people).values(tenant_id=tenant, **values)
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[people.c.person_id],
                set_={k: stmt.excluded[k] for k in values if k != "person_id"},
                where=people.c.source_version <= stmt.excluded.source_version,
            )
        )

    async def upsert_unit(self, tenant: str, unit_id: UUID, parent_id: UUID | None, name: str) -> None:
        stmt = insert(org_units).values(tenant_id=tenant, id=unit_id, parent_id=parent_id, name=name)
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[org_units.c.id], set_={"parent_id": stmt.excluded.parent_id, "name": name}
            )
        )

    async def rename_unit(self, unit_id: UUID, name: str) -> None:
        await self.session.execute(org_units.update().where(org_units.c.id == unit_id).values(name=name))

    async def set_line(
        self, tenant: str, employee: UUID, manager: UUID, delegate: UUID | None, start: date
    ) -> None:
        stmt = insert(reporting).values(
            tenant_id=tenant, employee_id=employee, manager_id=manager, delegate_id=delegate, valid_from=start
        )
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[reporting.c.employee_id],
                set_={"manager_id": manager, "delegate_id": delegate, "valid_from": start},
                where=reporting.c.valid_from <= start,
            )
        )

    async def add_cycle_settings(
        self, tenant: str, number: int, effective_from: date, preset: str, salary_round: dict
    ) -> None:
        await self.session.execute(
            insert(cycle_settings)
            .values(
                tenant_id=tenant,
                number=number,
                effective_from=effective_from,
                preset=preset,
                salary_round=salary_round,
            )
            .on_conflict_do_nothing()
        )

    async def set_reward_advice(
        self, tenant: str, employee: UUID, year: int, level: str, advice: str | None, talk: UUID
    ) -> None:
        stmt = insert(reward_advices).values(
            tenant_id=tenant, employee_id=employee, year=year, level=level, reward_advice=advice, talk_id=talk
        )
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[reward_advices.c.employee_id, reward_advices.c.year],
                set_={"level": level, "reward_advice": advice, "talk_id": talk},
            )
        )

    # --- reads ----------------------------------------------------------------------------------
    async def person_by_email(self, email: str):
        return (await self.session.execute(select(people).where(people.c.email == email.lower()))).first()

    async def person(self, person_id: UUID):
        return (await self.session.execute(select(people).where(people.c.person_id == person_id))).first()

    async def person_by_number(self, number: str):
        return (await self.session.execute(select(people).where(people.c.employee_number == number))).first()

    async def numbers(self) -> dict[str, UUID]:
        rows = await self.session.execute(select(people.c.employee_number, people.c.person_id))
        return {r[0]: r[1] for r in rows}

    async def salary_round_settings(self, on: date) -> tuple[str, dict] | None:
        """(preset, salary_round) of the cycle version in force on `on`."""
        row = (
            await self.session.execute(
                select(cycle_settings)
                .where(cycle_settings.c.effective_from <= on)
                .order_by(cycle_settings.c.effective_from.desc(), cycle_settings.c.number.desc())
                .limit(1)
            )
        ).first()
        return (row.preset, row.salary_round) if row else None

    async def reward_advices(self, year: int, employees: list[UUID]) -> dict[UUID, str | None]:
        rows = await self.session.execute(
            select(reward_advices.c.employee_id, reward_advices.c.reward_advice).where(
                reward_advices.c.year == year, reward_advices.c.employee_id.in_(employees)
            )
        )
        return {r[0]: r[1] for r in rows}

    async def lines(self, employees: list[UUID]) -> dict[UUID, tuple[UUID, UUID | None]]:
        rows = await self.session.execute(
            select(reporting.c.employee_id, reporting.c.manager_id, reporting.c.delegate_id).where(
                reporting.c.employee_id.in_(employees)
            )
        )
        return {r[0]: (r[1], r[2]) for r in rows}
