"""All SQL about assessment talks and escalations (objections: persistence/objections.py)."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.portfolio.persistence.tables import assessments, escalations

SUMMARY = [c for c in assessments.c if c.name != "letter"]


class AssessmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, tenant: str, employee: UUID, period: UUID, requested_by: str, weeks: int):
        return (
            await self.session.execute(
                insert(assessments)
                .values(
                    id=uuid4(),
                    tenant_id=tenant,
                    employee_id=employee,
                    period_id=period,
                    requested_by=requested_by,
                    objection_weeks=weeks,
                )
                .returning(*SUMMARY)
            )
        ).one()

    async def get(self, assessment_id: UUID):
        return (await self.session.execute(select(*SUMMARY).where(assessments.c.id == assessment_id))).first()

    async def of_employee(self, employee: UUID):
        return list(
            await self.session.execute(
                select(*SUMMARY)
                .where(assessments.c.employee_id == employee)
                .order_by(assessments.c.created_at)
            )
        )

    async def letter(self, assessment_id: UUID) -> bytes | None:
        return (
            await self.session.execute(select(assessments.c.letter).where(assessments.c.id == assessment_id))
        ).scalar()

    async def move(self, assessment_id: UUID, expected: int, from_status: str, values: dict):
        return (
            await self.session.execute(
                update(assessments)
                .where(
                    assessments.c.id == assessment_id,
                    assessments.c.version == expected,
                    assessments.c.status == from_status,
                )
                .values(**values, version=assessments.c.version + 1, updated_at=func.now())
                .returning(*SUMMARY)
            )
        ).first()


class EscalationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, tenant: str, employee: UUID, raised_by: str, target: str, person: UUID | None, subject: str
    ):
        return (
            await self.session.execute(
                insert(escalations)
                .values(
                    id=uuid4(),
                    tenant_id=tenant,
                    employee_id=employee,
                    raised_by=raised_by,
                    target=target,
                    target_person=person,
                    subject=subject,
                )
                .returning(escalations)
            )
        ).one()

    async def open_for(self, employee: UUID, person: UUID) -> bool:
        return (
            await self.session.execute(
                select(escalations.c.id)
                .where(
                    escalations.c.employee_id == employee,
                    escalations.c.status == "open",
                    escalations.c.target_person == person,
                )
                .limit(1)
            )
        ).first() is not None
