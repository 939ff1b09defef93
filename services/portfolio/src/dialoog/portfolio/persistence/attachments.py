"""All SQL about attachments (the content is read only when a file is downloaded or exported)."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.portfolio.persistence.tables import attachments, periods

LISTED = [c for c in attachments.c if c.name != "content"]


class AttachmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, tenant: str, values: dict):
        return (
            await self.session.execute(
                insert(attachments).values(id=uuid4(), tenant_id=tenant, **values).returning(*LISTED)
            )
        ).one()

    async def of_period(self, period_id: UUID):
        return list(
            await self.session.execute(
                select(*LISTED).where(attachments.c.period_id == period_id).order_by(attachments.c.created_at)
            )
        )

    async def get(self, attachment_id: UUID):
        """The attachment's listing with the employee it belongs to."""
        return (
            await self.session.execute(
                select(*LISTED, periods.c.employee_id)
                .join(periods, periods.c.id == attachments.c.period_id)
                .where(attachments.c.id == attachment_id)
            )
        ).first()

    async def content(self, attachment_id: UUID) -> bytes | None:
        return (
            await self.session.execute(select(attachments.c.content).where(attachments.c.id == attachment_id))
        ).scalar()
