"""All SQL about objections (bezwaren): against an assessment or against a formal decision."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.portfolio.persistence.tables import assessments, decisions, objections


class ObjectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        tenant: str,
        filed_on: date,
        reason: str,
        *,
        assessment_id: UUID | None = None,
        decision_id: UUID | None = None,
    ):
        return (
            await self.session.execute(
                insert(objections)
                .values(
                    id=uuid4(),
                    tenant_id=tenant,
                    assessment_id=assessment_id,
                    decision_id=decision_id,
                    filed_on=filed_on,
                    reason=reason,
                )
                .returning(objections)
            )
        ).one()

    async def against(self, column: str, ids: list[UUID]):
        """The objections against these assessments (`assessment_id`) or decisions (`decision_id`)."""
        if not ids:
            return []
        return list(
            await self.session.execute(
                select(objections).where(objections.c[column].in_(ids)).order_by(objections.c.created_at)
            )
        )

    async def all(self):
        """Every objection of the tenant with the employee and the letter's date, newest first."""
        return list(
            await self.session.execute(
                select(
                    objections,
                    func.coalesce(assessments.c.employee_id, decisions.c.employee_id).label("employee_id"),
                    func.coalesce(assessments.c.letter_sent_on, decisions.c.letter_sent_on).label(
                        "letter_sent_on"
                    ),
                )
                .outerjoin(assessments, assessments.c.id == objections.c.assessment_id)
                .outerjoin(decisions, decisions.c.id == objections.c.decision_id)
                .order_by(objections.c.created_at.desc())
            )
        )

    async def get(self, objection_id: UUID):
        return (await self.session.execute(select(objections).where(objections.c.id == objection_id))).first()

    async def move(self, objection_id: UUID, expected: int, status: str):
        return (
            await self.session.execute(
                update(objections)
                .where(objections.c.id == objection_id, objections.c.version == expected)
                .values(status=status, version=objections.c.version + 1, updated_at=func.now())
                .returning(objections)
            )
        ).first()
