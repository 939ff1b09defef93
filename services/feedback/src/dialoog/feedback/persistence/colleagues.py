"""The SQL of the colleague picker: people of the tenant (from organisatie's projection) whose name
contains a search text, with their unit's name."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.feedback.persistence.tables import org_units, people

# A picker, not an export: the candidates a search can return before they are ranked and paged.
MAX_CANDIDATES = 1000


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class ColleagueRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def search(self, q: str | None, *, without: UUID) -> list:
        stmt = (
            select(
                people.c.person_id,
                people.c.display_name,
                people.c.org_unit_id,
                org_units.c.name.label("org_unit_name"),
            )
            .select_from(people.outerjoin(org_units, org_units.c.id == people.c.org_unit_id))
            .where(people.c.person_id != without, people.c.display_name.is_not(None))
            .order_by(people.c.display_name, people.c.person_id)
            .limit(MAX_CANDIDATES)
        )
        if q:
            stmt = stmt.where(people.c.display_name.ilike(_like(q), escape="\\"))
        return list(await self.session.execute(stmt))
