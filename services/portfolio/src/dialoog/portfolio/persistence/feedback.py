"""All SQL about the feedback archive."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.portfolio.persistence.tables import shared_feedback


class FeedbackRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def keep(
        self,
        tenant: str,
        feedback_id: UUID,
        employee: UUID,
        request: UUID,
        text: str,
        at: datetime,
        event: str,
    ) -> bool:
        """Keep a shared answer once (sharing the same answer again changes nothing)."""
        row = (
            await self.session.execute(
                insert(shared_feedback)
                .values(
                    feedback_id=feedback_id,
                    tenant_id=tenant,
                    employee_id=employee,
                    request_id=request,
                    text=text,
                    shared_at=at,
                    event_id=event,
                )
                .on_conflict_do_nothing()
                .returning(shared_feedback.c.feedback_id)
            )
        ).first()
        return row is not None

    async def of_employee(self, employee: UUID):
        return list(
            await self.session.execute(
                select(shared_feedback)
                .where(shared_feedback.c.employee_id == employee)
                .order_by(shared_feedback.c.shared_at)
            )
        )
