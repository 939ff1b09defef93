"""The round's activities: each one transaction on the salaris database under the tenant's RLS,
each idempotent (a retry after a crash changes nothing twice). Decisions live in the database, not
in the workflow's history."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from datetime import date, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from dialoog.kit.db import tenant_transaction
from dialoog.salaris.domain.rounds import ReminderFate, RoundStatus
from dialoog.salaris.persistence.rounds import RoundRepository
from dialoog.salaris.service import letters
from dialoog.salaris.service import rounds as service
from dialoog.salaris.workflows.types import (
    AssignIn,
    AssignOut,
    BatchIn,
    Progress,
    ReminderSkipIn,
    RoundRef,
    StatusIn,
)


class RoundActivities:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], render_pool: Executor | None = None
    ) -> None:
        self.sessions = sessions
        self.render_pool = render_pool

    def all(self) -> list:
        return [
            self.assign_batch,
            self.announce,
            self.remind,
            self.skip_reminder,
            self.escalate,
            self.letters_batch,
            self.apply_batch,
            self.set_status,
            self.objection_term_end,
            self.close,
            self.progress,
        ]

    @activity.defn(name="salary_round.assign_batch")
    async def assign_batch(self, inp: AssignIn) -> AssignOut:
        async with tenant_transaction(self.sessions, inp.tenant) as session:
            after, scanned, assigned = await service.assign_batch(
                session, inp.tenant, UUID(inp.round_id), UUID(inp.after) if inp.after else None, inp.limit
            )
        return AssignOut(str(after) if after else None, scanned, assigned)

    @activity.defn(name="salary_round.announce")
    async def announce(self, ref: RoundRef) -> int:
        async with tenant_transaction(self.sessions, ref.tenant) as session:
            return await service.announce(session, ref.tenant, UUID(ref.round_id))

    @activity.defn(name="salary_round.remind")
    async def remind(self, inp: BatchIn) -> int:
        at = datetime.fromisoformat(inp.at) if inp.at else None
        async with tenant_transaction(self.sessions, inp.tenant) as session:
            return await service.remind(
                session, inp.tenant, UUID(inp.round_id), date.fromisoformat(inp.on), at
            )

    @activity.defn(name="salary_round.skip_reminder")
    async def skip_reminder(self, inp: ReminderSkipIn) -> bool:
        async with tenant_transaction(self.sessions, inp.tenant) as session:
            return await service.skip_reminder(
                session,
                inp.tenant,
                UUID(inp.round_id),
                date.fromisoformat(inp.on),
                ReminderFate(inp.fate),
                datetime.fromisoformat(inp.at),
            )

    @activity.defn(name="salary_round.escalate")
    async def escalate(self, ref: RoundRef) -> int:
        async with tenant_transaction(self.sessions, ref.tenant) as session:
            return await service.escalate(session, ref.tenant, UUID(ref.round_id))

    @activity.defn(name="salary_round.letters_batch")
    async def letters_batch(self, inp: BatchIn) -> int:
        """One batch of letters in one transaction: a worker killed halfway leaves nothing behind,
        and the retry makes the same letters (one per decision version, by a unique key)."""
        async with tenant_transaction(self.sessions, inp.tenant) as session:
            repo = RoundRepository(session)
            rnd = await repo.get(UUID(inp.round_id))
            rows = await repo.without_letter(rnd.id, inp.limit)
            activity.heartbeat(len(rows))
            return await letters.issue(
                session,
                inp.tenant,
                rows,
                reference_date=rnd.reference_date,
                sent_on=date.fromisoformat(inp.on),
                renderer=self._render,
            )

    async def _render(self, batch: list[dict]) -> list[bytes]:
        if self.render_pool is None:
            return await letters.render_inline(batch)
        loop = asyncio.get_running_loop()
        return list(
            await asyncio.gather(*(loop.run_in_executor(self.render_pool, letters.render, d) for d in batch))
        )

    @activity.defn(name="salary_round.apply_batch")
    async def apply_batch(self, inp: BatchIn) -> int:
        async with tenant_transaction(self.sessions, inp.tenant) as session:
            return await service.apply_batch(session, inp.tenant, UUID(inp.round_id), inp.limit)

    @activity.defn(name="salary_round.set_status")
    async def set_status(self, inp: StatusIn) -> None:
        async with tenant_transaction(self.sessions, inp.tenant) as session:
            await service.mark(session, UUID(inp.round_id), RoundStatus(inp.status))

    @activity.defn(name="salary_round.objection_term_end")
    async def objection_term_end(self, ref: RoundRef) -> str | None:
        async with tenant_transaction(self.sessions, ref.tenant) as session:
            day = await RoundRepository(session).last_objection_deadline(UUID(ref.round_id))
        return day.isoformat() if day else None

    @activity.defn(name="salary_round.close")
    async def close(self, ref: RoundRef) -> int:
        async with tenant_transaction(self.sessions, ref.tenant) as session:
            return await service.close(session, ref.tenant, UUID(ref.round_id))

    @activity.defn(name="salary_round.progress")
    async def progress(self, ref: RoundRef) -> Progress:
        """A small summary for the workflow's `progress` query (counts per unit and manager)."""
        async with tenant_transaction(self.sessions, ref.tenant) as session:
            repo = RoundRepository(session)
            rid = UUID(ref.round_id)
            rnd = await repo.get(rid)
            totals = await repo.totals(rid)

            def rows(by: str):
                return [
                    {
                        "key": str(r.key) if r.key else None,
                        "name": r.name,
                        "total": r.total,
                        "decided": r.decided,
                        "escalated": r.escalated,
                    }
                    for r in by
                ]

            units = await repo.progress(rid, "unit")
            return Progress(
                stage=rnd.status,
                eligible=totals.total,
                letters=await repo.letter_count(rid),
                applied=totals.applied,
                escalated=sum(r.escalated for r in units),
                by_unit=rows(units),
                by_manager=rows(await repo.progress(rid, "manager")),
            )
