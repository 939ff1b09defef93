"""All SQL about what salaris learns from other services' events: people, units and reporting
lines (the shared part in `dialoog.kit.projections`), the salary-round settings of each cycle
version (organisatie), and reward advice (portfolio)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.projections import OrganisatieProjection
from dialoog.salaris.persistence.tables import cycle_settings, org_units, people, reporting, reward_advices


class ProjectionRepository(OrganisatieProjection):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, people, org_units, reporting)

    async def add_cycle_settings(
        self,
        tenant: str,
        number: int,
        effective_from: date,
        preset: str,
        salary_round: dict,
        conclusion_scale: dict | None = None,
    ) -> None:
        await self.session.execute(
            insert(cycle_settings)
            .values(
                tenant_id=tenant,
                number=number,
                effective_from=effective_from,
                preset=preset,
                salary_round=salary_round,
                conclusion_scale=conclusion_scale,
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

    async def conclusion_scale(self, on: date) -> dict | None:
        """The conclusion scale (as in the cycle definition) of the cycle version in force on `on`."""
        return (
            await self.session.execute(
                select(cycle_settings.c.conclusion_scale)
                .where(cycle_settings.c.effective_from <= on)
                .order_by(cycle_settings.c.effective_from.desc(), cycle_settings.c.number.desc())
                .limit(1)
            )
        ).scalar_one_or_none()

    async def reward_advices(self, year: int, employees: list[UUID]) -> dict[UUID, str | None]:
        rows = await self.session.execute(
            select(reward_advices.c.employee_id, reward_advices.c.reward_advice).where(
                reward_advices.c.year == year, reward_advices.c.employee_id.in_(employees)
            )
        )
        return {r[0]: r[1] for r in rows}
