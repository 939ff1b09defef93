"""SQL of the tenant's own question sets (the defaults live in the domain, not in the database)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.feedback.persistence.tables import question_sets

COLUMNS = (question_sets.c.id, question_sets.c.name, question_sets.c.questions, question_sets.c.version)


class QuestionSetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> list:
        return list(await self.session.execute(select(*COLUMNS)))

    async def get(self, set_id: UUID):
        return (await self.session.execute(select(*COLUMNS).where(question_sets.c.id == set_id))).first()

    async def add(self, tenant: str, set_id: UUID, name: dict, questions: list[dict], version: int = 1):
        await self.session.execute(
            insert(question_sets).values(
                id=set_id, tenant_id=tenant, name=name, questions=questions, version=version
            )
        )
        return await self.get(set_id)

    async def replace(self, set_id: UUID, expected: int, name: dict, questions: list[dict]):
        row = (
            await self.session.execute(
                update(question_sets)
                .where(question_sets.c.id == set_id, question_sets.c.version == expected)
                .values(name=name, questions=questions, version=question_sets.c.version + 1)
                .returning(*COLUMNS)
            )
        ).first()
        return row
