"""All SQL about reminders (ADR 0030): the tenant's settings (versioned), the subjects and who has
done what they ask, the tenant's cycle and its employees' talks per year, and the log of moments."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import and_, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.notificaties.persistence.tables import (
    cycle_talks,
    people,
    reminder_done,
    reminder_log,
    reminder_settings,
    reminder_subjects,
    tenant_cycles,
)


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- settings -------------------------------------------------------------------------------
    async def ensure_settings(self, tenant: str) -> None:
        await self.session.execute(
            insert(reminder_settings).values(tenant_id=tenant).on_conflict_do_nothing()
        )

    async def settings(self, *, lock: bool = False):
        stmt = select(reminder_settings)
        return (await self.session.execute(stmt.with_for_update() if lock else stmt)).first()

    async def replace_settings(self, settings: dict) -> int:
        t = reminder_settings
        return (
            await self.session.execute(
                update(t).values(settings=settings, version=t.c.version + 1).returning(t.c.version)
            )
        ).scalar_one()

    # --- subjects -------------------------------------------------------------------------------
    async def add_subject(
        self, tenant: str, kind: str, subject_id: str, anchor: date, known_at: datetime, data: dict
    ) -> None:
        """The first event about a subject makes it; a later one (a moved deadline) moves its anchor,
        and it is known from the earliest event that told of it."""
        stmt = insert(reminder_subjects).values(
            tenant_id=tenant, kind=kind, subject_id=subject_id, anchor=anchor, known_at=known_at, data=data
        )
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["tenant_id", "kind", "subject_id"],
                set_={"anchor": anchor, "known_at": func.least(reminder_subjects.c.known_at, known_at)},
            )
        )

    async def merge_subject_data(self, kind: str, subject_id: str, key: str, values: list[str]) -> None:
        row = await self.subject(kind, subject_id)
        if row is None:
            return
        data = dict(row.data)
        data[key] = sorted(set(data.get(key, [])) | set(values))
        await self.session.execute(
            update(reminder_subjects).where(self._is(kind, subject_id)).values(data=data)
        )

    async def move_anchor(self, kind: str, subject_id: str, anchor: date) -> bool:
        """A subject's new anchor (a moved deadline), open again if it had ended (an expired
        request that got a new deadline); False when the subject is not known."""
        result = await self.session.execute(
            update(reminder_subjects).where(self._is(kind, subject_id)).values(anchor=anchor, closed_at=None)
        )
        return result.rowcount > 0

    async def close_subject(self, kind: str, subject_id: str, at: datetime) -> bool:
        result = await self.session.execute(
            update(reminder_subjects)
            .where(self._is(kind, subject_id), reminder_subjects.c.closed_at.is_(None))
            .values(closed_at=at)
        )
        return result.rowcount > 0

    async def subject(self, kind: str, subject_id: str):
        return (
            await self.session.execute(select(reminder_subjects).where(self._is(kind, subject_id)))
        ).first()

    async def open_subjects(self) -> list[tuple[str, str]]:
        """(kind, subject id) of every subject that may still need a reminder."""
        rows = await self.session.execute(
            select(reminder_subjects.c.kind, reminder_subjects.c.subject_id).where(
                reminder_subjects.c.closed_at.is_(None)
            )
        )
        return [(r.kind, r.subject_id) for r in rows]

    async def mark_done(self, tenant: str, kind: str, subject_id: str, person: UUID) -> None:
        await self.session.execute(
            insert(reminder_done)
            .values(tenant_id=tenant, kind=kind, subject_id=subject_id, person_id=person)
            .on_conflict_do_nothing()
        )

    async def done(self, kind: str, subject_id: str) -> set[UUID]:
        rows = await self.session.execute(
            select(reminder_done.c.person_id).where(
                reminder_done.c.kind == kind, reminder_done.c.subject_id == subject_id
            )
        )
        return {r[0] for r in rows}

    # --- the cycle --------------------------------------------------------------------------------
    async def set_cycle(self, tenant: str, number: int, effective_from: date, definition: dict) -> bool:
        """Keep the newest version; True when this one is (now) the tenant's cycle."""
        stmt = insert(tenant_cycles).values(
            tenant_id=tenant, number=number, effective_from=effective_from, definition=definition
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["tenant_id"],
            set_={"number": number, "effective_from": effective_from, "definition": definition},
            where=tenant_cycles.c.number < number,
        )
        return (await self.session.execute(stmt)).rowcount > 0

    async def cycle(self):
        return (await self.session.execute(select(tenant_cycles))).first()

    async def add_talk(self, tenant: str, employee: UUID, year: int, talk_type: str) -> None:
        await self.session.execute(
            insert(cycle_talks)
            .values(tenant_id=tenant, employee_id=employee, year=year, talk_type=talk_type)
            .on_conflict_do_nothing()
        )

    async def employees_without(self, year: int, talk_types: list[str]) -> list[UUID]:
        """The tenant's employees who had no talk of `talk_types` in `year`, in a stable order."""
        had = select(cycle_talks.c.employee_id).where(
            and_(cycle_talks.c.year == year, cycle_talks.c.talk_type.in_(talk_types))
        )
        rows = await self.session.execute(
            select(people.c.person_id)
            .where(people.c.roles.any("employee"), people.c.person_id.not_in(had))
            .order_by(people.c.person_id)
        )
        return [r[0] for r in rows]

    # --- the log ------------------------------------------------------------------------------------
    async def handled(self, kind: str, subject_id: str) -> set[str]:
        rows = await self.session.execute(
            select(reminder_log.c.moment_key).where(
                reminder_log.c.kind == kind, reminder_log.c.subject_id == subject_id
            )
        )
        return {r[0] for r in rows}

    async def log(
        self,
        tenant: str,
        kind: str,
        subject_id: str,
        key: str,
        moment_at: datetime,
        fate: str,
        recipients: int = 0,
    ) -> bool:
        """True when this moment was not handled before (the one place that makes it once)."""
        result = await self.session.execute(
            insert(reminder_log)
            .values(
                tenant_id=tenant,
                kind=kind,
                subject_id=subject_id,
                moment_key=key,
                moment_at=moment_at,
                fate=fate,
                recipients=recipients,
            )
            .on_conflict_do_nothing()
        )
        return result.rowcount > 0

    async def set_recipients(self, kind: str, subject_id: str, key: str, count: int) -> None:
        await self.session.execute(
            update(reminder_log)
            .where(
                reminder_log.c.kind == kind,
                reminder_log.c.subject_id == subject_id,
                reminder_log.c.moment_key == key,
            )
            .values(recipients=count)
        )

    def _is(self, kind: str, subject_id: str):
        return and_(reminder_subjects.c.kind == kind, reminder_subjects.c.subject_id == subject_id)
