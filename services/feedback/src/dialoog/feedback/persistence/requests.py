"""All SQL of requests, their givers, answers and shares."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.feedback.persistence.tables import (
    feedback_answers as answers,
)
from dialoog.feedback.persistence.tables import (
    feedback_givers as givers,
)
from dialoog.feedback.persistence.tables import (
    feedback_requests as requests,
)
from dialoog.feedback.persistence.tables import (
    feedback_shares as shares,
)
from dialoog.feedback.persistence.tables import people
from dialoog.kit.pagination import PageRequest, keyset


class RequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- requests -------------------------------------------------------------------------------
    async def add(self, tenant: str, values: dict) -> None:
        await self.session.execute(insert(requests).values(tenant_id=tenant, **values))

    async def get(self, request_id: UUID, *, lock: bool = False):
        stmt = select(requests).where(requests.c.id == request_id)
        if lock:
            stmt = stmt.with_for_update()
        return (await self.session.execute(stmt)).first()

    async def of_requester(self, requester: UUID, page: PageRequest) -> list:
        stmt = select(requests).where(requests.c.requester_id == requester)
        return list(
            await self.session.execute(
                keyset(stmt, [requests.c.created_at, requests.c.id], page, descending=True)
            )
        )

    async def update(self, request_id: UUID, expected: int | None, **values):
        """Change a request (and its version); with `expected`, only if that is its version."""
        stmt = update(requests).where(requests.c.id == request_id)
        if expected is not None:
            stmt = stmt.where(requests.c.version == expected)
        return (
            await self.session.execute(
                stmt.values(**values, version=requests.c.version + 1).returning(requests)
            )
        ).first()

    async def open_past_deadline(self, today: date) -> list:
        return list(
            await self.session.execute(
                select(requests)
                .where(requests.c.state == "open", requests.c.deadline < today)
                .with_for_update()
            )
        )

    async def past_retention(self, before: date) -> list[UUID]:
        rows = await self.session.execute(
            select(requests.c.id).where(
                requests.c.created_on < before, requests.c.answers_deleted_on.is_(None)
            )
        )
        return [r[0] for r in rows]

    async def forget_answers(self, request_id: UUID, today: date) -> int:
        """Retention: answers, drafts, reasons and outsiders' addresses go; shares stay."""
        gone = await self.session.execute(delete(answers).where(answers.c.request_id == request_id))
        await self.session.execute(
            update(givers)
            .where(givers.c.request_id == request_id)
            .values(draft=None, decline_reason=None, email=None)
        )
        await self.session.execute(
            update(requests).where(requests.c.id == request_id).values(answers_deleted_on=today)
        )
        return gone.rowcount or 0

    # --- givers ---------------------------------------------------------------------------------
    async def add_givers(self, tenant: str, rows: list[dict]) -> None:
        if rows:
            await self.session.execute(insert(givers), [{"tenant_id": tenant, **r} for r in rows])

    async def givers_of(self, request_id: UUID) -> list:
        return list(
            await self.session.execute(
                select(givers).where(givers.c.request_id == request_id).order_by(givers.c.name, givers.c.id)
            )
        )

    async def giver(self, giver_id: UUID, *, lock: bool = False):
        stmt = select(givers).where(givers.c.id == giver_id)
        if lock:
            stmt = stmt.with_for_update()
        return (await self.session.execute(stmt)).first()

    async def set_giver(self, giver_id: UUID, **values) -> None:
        await self.session.execute(
            update(givers).where(givers.c.id == giver_id).values(**values, version=givers.c.version + 1)
        )

    async def add_message_id(self, giver_id: UUID, message_id: str) -> None:
        await self.session.execute(
            update(givers)
            .where(givers.c.id == giver_id)
            .values(message_ids=func.array_append(givers.c.message_ids, message_id))
        )

    async def assignments_of(self, person: UUID, page: PageRequest) -> list:
        stmt = (
            select(
                givers.c.id,
                givers.c.state,
                requests.c.id.label("request_id"),
                requests.c.purpose,
                requests.c.deadline,
                requests.c.anonymous,
                requests.c.state.label("request_state"),
                requests.c.created_at,
                people.c.display_name.label("requester_name"),
            )
            .join(requests, requests.c.id == givers.c.request_id)
            .outerjoin(people, people.c.person_id == requests.c.requester_id)
            .where(givers.c.person_id == person, givers.c.kind == "colleague")
        )
        return list(
            await self.session.execute(
                keyset(stmt, [requests.c.created_at, givers.c.id], page, descending=True)
            )
        )

    async def lock_invitations(self, tenant: str) -> None:
        """Serialise counting and adding outsider invitations of one tenant (the daily caps)."""
        await self.session.execute(
            text("select pg_advisory_xact_lock(hashtext(:key))"), {"key": f"feedback-invitations:{tenant}"}
        )

    async def outsiders_invited_on(self, day: date, requester: UUID | None = None) -> int:
        stmt = (
            select(func.count())
            .select_from(givers)
            .where(givers.c.kind == "outsider", givers.c.invited_on == day)
        )
        if requester is not None:
            stmt = stmt.join(requests, requests.c.id == givers.c.request_id).where(
                requests.c.requester_id == requester
            )
        return (await self.session.execute(stmt)).scalar_one()

    # --- answers --------------------------------------------------------------------------------
    async def add_answers(self, tenant: str, rows: list[dict]) -> None:
        if rows:
            await self.session.execute(insert(answers), [{"tenant_id": tenant, **r} for r in rows])

    async def delete_answers_of(self, request_id: UUID, giver_id: UUID | None) -> None:
        cond = answers.c.giver_id.is_(None) if giver_id is None else answers.c.giver_id == giver_id
        await self.session.execute(delete(answers).where(answers.c.request_id == request_id, cond))

    async def answers_of(self, request_id: UUID) -> list:
        return list(await self.session.execute(select(answers).where(answers.c.request_id == request_id)))

    async def answers_by_id(self, request_id: UUID, ids: list[UUID]) -> list:
        return list(
            await self.session.execute(
                select(answers).where(answers.c.request_id == request_id, answers.c.id.in_(ids))
            )
        )

    # --- shares ---------------------------------------------------------------------------------
    async def share(
        self, tenant: str, share_id: UUID, request_id: UUID, answer_id: UUID | None, kind: str, body: str
    ) -> bool:
        """True when this is a new share (an answer shared again is the same item)."""
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        result = await self.session.execute(
            pg_insert(shares)
            .values(
                id=share_id,
                tenant_id=tenant,
                request_id=request_id,
                answer_id=answer_id,
                kind=kind,
                text=body,
            )
            .on_conflict_do_nothing()
            .returning(shares.c.id)
        )
        return result.first() is not None

    async def shares_of(self, request_id: UUID) -> list:
        return list(
            await self.session.execute(
                select(shares.c.id, shares.c.answer_id, shares.c.kind, shares.c.text, shares.c.created_at)
                .where(shares.c.request_id == request_id)
                .order_by(shares.c.created_at, shares.c.id)
            )
        )

    async def share_of_answer(self, answer_id: UUID):
        return (
            await self.session.execute(
                select(
                    shares.c.id, shares.c.answer_id, shares.c.kind, shares.c.text, shares.c.created_at
                ).where(shares.c.answer_id == answer_id)
            )
        ).first()

    # --- HR -------------------------------------------------------------------------------------
    async def stats(self, year: int) -> list:
        """Per org unit of the requester: requests made in `year`, and answers given to them."""
        answered = (
            select(givers.c.request_id, func.count().label("n"))
            .where(givers.c.state == "answered")
            .group_by(givers.c.request_id)
            .subquery()
        )
        rows = await self.session.execute(
            select(
                requests.c.requester_unit_id.label("org_unit_id"),
                func.count().label("requests"),
                func.coalesce(func.sum(answered.c.n), 0).label("answers"),
            )
            .outerjoin(answered, answered.c.request_id == requests.c.id)
            .where(func.extract("year", requests.c.created_on) == year)
            .group_by(requests.c.requester_unit_id)
        )
        return list(rows)
