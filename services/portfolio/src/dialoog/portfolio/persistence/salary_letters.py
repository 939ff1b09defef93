"""All SQL about the salary decision letters kept in the personnel file (the letter itself, the
PDF, stays in salaris; portfolio keeps the record that it was sent)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.portfolio.persistence.tables import salary_letters

SHOWN = [c for c in salary_letters.c if c.name != "tenant_id"]


class SalaryLetterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def keep(self, tenant: str, values: dict, event: str) -> bool:
        """Keep a letter once (the same letter announced again changes nothing)."""
        row = (
            await self.session.execute(
                insert(salary_letters)
                .values(**values, tenant_id=tenant, event_id=event)
                .on_conflict_do_nothing()
                .returning(salary_letters.c.letter_id)
            )
        ).first()
        return row is not None

    async def of_employee(self, employee: UUID):
        return list(
            await self.session.execute(
                select(*SHOWN)
                .where(salary_letters.c.employee_id == employee)
                .order_by(salary_letters.c.sent_on, salary_letters.c.decision_version)
            )
        )
