"""SQL of what is open for an employee in a period (the home's "what's next", ADR 0038): the
agreements she has not confirmed, the concluded talks she has not reacted to, and the talks held
per type, counted in PostgreSQL rather than read whole."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.portfolio.persistence.tables import agreements, reactions, talks

TO_CONFIRM = [agreements.c.id, agreements.c.title]
TO_REACT_TO = [talks.c.id, talks.c.type, talks.c.held_on]


class OpenItemsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def agreements_to_confirm(self, period_id: UUID) -> list:
        return list(
            await self.session.execute(
                select(*TO_CONFIRM)
                .where(agreements.c.period_id == period_id, agreements.c.confirmed_by_employee.is_(False))
                .order_by(agreements.c.created_at, agreements.c.id)
            )
        )

    async def talks_to_react_to(self, period_id: UUID) -> list:
        """Talks with a conclusion and no reaction on them (any reaction, as the view shows it)."""
        reacted = exists().where(reactions.c.period_id == period_id, reactions.c.talk_id == talks.c.id)
        return list(
            await self.session.execute(
                select(*TO_REACT_TO)
                .where(
                    talks.c.period_id == period_id,
                    talks.c.conclusion.is_not(None),
                    talks.c.conclusion != "",
                    ~reacted,
                )
                .order_by(talks.c.held_on, talks.c.created_at)
            )
        )

    async def talks_held(self, period_id: UUID) -> dict[str, int]:
        rows = await self.session.execute(
            select(talks.c.type, func.count()).where(talks.c.period_id == period_id).group_by(talks.c.type)
        )
        return {talk_type: count for talk_type, count in rows}
