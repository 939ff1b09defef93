"""All SQL about formal decisions (besluiten) on agreements with legal consequences."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.portfolio.persistence.tables import agreements, decisions

SUMMARY = [c for c in decisions.c if c.name != "letter"]


class DecisionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def needed(self, tenant: str, employee: UUID, agreement_id: UUID, weeks: int) -> None:
        """The agreement needs a decision; once per agreement (confirming again changes nothing)."""
        await self.session.execute(
            insert(decisions)
            .values(
                id=uuid4(),
                tenant_id=tenant,
                employee_id=employee,
                agreement_id=agreement_id,
                objection_weeks=weeks,
            )
            .on_conflict_do_nothing(index_elements=[decisions.c.agreement_id])
        )

    async def get(self, decision_id: UUID):
        return (await self.session.execute(select(*SUMMARY).where(decisions.c.id == decision_id))).first()

    async def of_agreement(self, agreement_id: UUID):
        return (
            await self.session.execute(select(*SUMMARY).where(decisions.c.agreement_id == agreement_id))
        ).first()

    async def of_employee(self, employee: UUID):
        """The employee's decisions with the agreement each is about, oldest first."""
        return list(
            await self.session.execute(
                select(*SUMMARY, agreements.c.title.label("agreement_title"))
                .join(agreements, agreements.c.id == decisions.c.agreement_id)
                .where(decisions.c.employee_id == employee)
                .order_by(decisions.c.created_at)
            )
        )

    async def letter(self, decision_id: UUID) -> bytes | None:
        return (
            await self.session.execute(select(decisions.c.letter).where(decisions.c.id == decision_id))
        ).scalar()

    async def establish(self, decision_id: UUID, expected: int, values: dict):
        return (
            await self.session.execute(
                update(decisions)
                .where(
                    decisions.c.id == decision_id,
                    decisions.c.version == expected,
                    decisions.c.status == "needed",
                )
                .values(
                    **values, status="established", version=decisions.c.version + 1, updated_at=func.now()
                )
                .returning(*SUMMARY)
            )
        ).first()
