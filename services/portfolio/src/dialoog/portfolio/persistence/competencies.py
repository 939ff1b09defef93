"""All SQL about the competency catalogue and the competencies chosen into a period."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.portfolio.persistence.tables import competencies, portfolio_competencies


class CompetencyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # the catalogue
    async def catalogue(self, include_inactive: bool = False):
        stmt = select(competencies).order_by(competencies.c.name)
        if not include_inactive:
            stmt = stmt.where(competencies.c.active)
        return list(await self.session.execute(stmt))

    async def add(self, tenant: str, key: str, name: str, description: str | None):
        """The new entry, or None when the tenant's catalogue has the key already."""
        return (
            await self.session.execute(
                insert(competencies)
                .values(id=uuid4(), tenant_id=tenant, key=key, name=name, description=description)
                .on_conflict_do_nothing(constraint="one_competency_per_key")
                .returning(competencies)
            )
        ).first()

    async def get(self, competency_id: UUID):
        return (
            await self.session.execute(select(competencies).where(competencies.c.id == competency_id))
        ).first()

    async def by_key(self, key: str):
        return (await self.session.execute(select(competencies).where(competencies.c.key == key))).first()

    async def change(self, competency_id: UUID, expected: int, values: dict):
        return (
            await self.session.execute(
                update(competencies)
                .where(competencies.c.id == competency_id, competencies.c.version == expected)
                .values(**values, version=competencies.c.version + 1, updated_at=func.now())
                .returning(competencies)
            )
        ).first()

    # chosen into a period
    async def choose(self, tenant: str, period_id: UUID, competency_id: UUID, note: str | None, by: str):
        """The chosen entry, or None when the period has this competency already."""
        return (
            await self.session.execute(
                insert(portfolio_competencies)
                .values(
                    id=uuid4(),
                    tenant_id=tenant,
                    period_id=period_id,
                    competency_id=competency_id,
                    note=note,
                    added_by=by,
                )
                .on_conflict_do_nothing(constraint="competency_once_per_period")
                .returning(portfolio_competencies)
            )
        ).first()

    async def of_period(self, period_id: UUID):
        return list(
            await self.session.execute(
                select(
                    portfolio_competencies,
                    competencies.c.key,
                    competencies.c.name,
                    competencies.c.description,
                )
                .join(competencies, competencies.c.id == portfolio_competencies.c.competency_id)
                .where(portfolio_competencies.c.period_id == period_id)
                .order_by(portfolio_competencies.c.created_at)
            )
        )
