"""All SQL about the year-end rounds: the round, its decisions, letters and objections."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.pagination import PageRequest, keyset
from dialoog.salaris.persistence.tables import (
    decisions,
    letters,
    objections,
    org_units,
    people,
    round_reminders,
    rounds,
)


class RoundRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- rounds ---------------------------------------------------------------------------------
    async def create(self, values: dict):
        stmt = insert(rounds).values(id=uuid.uuid4(), **values).on_conflict_do_nothing().returning(rounds)
        return (await self.session.execute(stmt)).first()

    async def get(self, round_id: UUID, *, lock: bool = False):
        stmt = select(rounds).where(rounds.c.id == round_id)
        return (await self.session.execute(stmt.with_for_update() if lock else stmt)).first()

    async def by_year(self, year: int, *, lock: bool = False):
        stmt = select(rounds).where(rounds.c.year == year)
        return (await self.session.execute(stmt.with_for_update() if lock else stmt)).first()

    async def all(self) -> list:
        return list(await self.session.execute(select(rounds).order_by(rounds.c.year.desc())))

    async def update(self, round_id: UUID, expected: int | None = None, **values):
        stmt = update(rounds).where(rounds.c.id == round_id)
        if expected is not None:
            stmt = stmt.where(rounds.c.version == expected)
        stmt = stmt.values(**values, version=rounds.c.version + 1).returning(rounds)
        return (await self.session.execute(stmt)).first()

    # --- reminders ------------------------------------------------------------------------------
    async def record_reminder(
        self, tenant: str, round_id: UUID, day: date, status: str, managers: int, at: datetime
    ) -> bool:
        """Once per round and day; False when that reminder was recorded already (a retry)."""
        stmt = (
            insert(round_reminders)
            .values(
                tenant_id=tenant, round_id=round_id, day=day, status=status, managers=managers, recorded_at=at
            )
            .on_conflict_do_nothing()
            .returning(round_reminders.c.day)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def reminder(self, round_id: UUID, day: date):
        stmt = select(round_reminders).where(
            round_reminders.c.round_id == round_id, round_reminders.c.day == day
        )
        return (await self.session.execute(stmt)).first()

    async def reminders(self, round_id: UUID) -> list:
        stmt = (
            select(round_reminders)
            .where(round_reminders.c.round_id == round_id)
            .order_by(round_reminders.c.day)
        )
        return list(await self.session.execute(stmt))

    # --- decisions ------------------------------------------------------------------------------
    async def add_decisions(self, rows: list[dict]) -> int:
        if not rows:
            return 0
        # Rows as parameters (executemany in pages), not one VALUES list: a batch of thousands would
        # pass PostgreSQL's limit of 32,767 parameters in one statement.
        stmt = (
            insert(decisions)
            .on_conflict_do_nothing(index_elements=[decisions.c.round_id, decisions.c.employee_id])
            .returning(decisions.c.id)
        )
        result = await self.session.execute(stmt, [{"id": uuid.uuid4(), **r} for r in rows])
        return len(result.all())

    def _decision_view(self):
        return select(
            decisions,
            people.c.display_name.label("employee_name"),
            people.c.employee_number,
            org_units.c.name.label("unit_name"),
        ).select_from(
            decisions.join(people, people.c.person_id == decisions.c.employee_id).outerjoin(
                org_units, org_units.c.id == decisions.c.unit_id
            )
        )

    async def decision(self, decision_id: UUID, *, lock: bool = False):
        if lock:
            await self.session.execute(
                select(decisions.c.id).where(decisions.c.id == decision_id).with_for_update()
            )
        return (
            await self.session.execute(self._decision_view().where(decisions.c.id == decision_id))
        ).first()

    async def decisions(
        self,
        round_id: UUID,
        *,
        manager: UUID | None = None,
        status: str | None = None,
        escalated: bool | None = None,
        page: PageRequest,
    ) -> list:
        """A page of the round's decisions by employee name (and id), one more than it holds."""
        stmt = self._decision_view().where(decisions.c.round_id == round_id)
        if escalated is not None:
            stmt = stmt.where(decisions.c.escalated == escalated)
        if manager is not None:
            stmt = stmt.where(or_(decisions.c.manager_id == manager, decisions.c.delegate_id == manager))
        if status is not None:
            stmt = stmt.where(decisions.c.status == status)
        keys = (func.coalesce(people.c.display_name, ""), decisions.c.id)
        return list(await self.session.execute(keyset(stmt, keys, page)))

    async def decisions_of_employee(self, employee: UUID) -> list:
        stmt = (
            self._decision_view()
            .add_columns(rounds.c.year, rounds.c.reference_date)
            .join(rounds, rounds.c.id == decisions.c.round_id)
            .where(decisions.c.employee_id == employee)
            .order_by(rounds.c.year.desc())
        )
        return list(await self.session.execute(stmt))

    async def update_decision(self, decision_id: UUID, expected: int | None = None, **values):
        stmt = update(decisions).where(decisions.c.id == decision_id)
        if expected is not None:
            stmt = stmt.where(decisions.c.version == expected)
        stmt = stmt.values(**values, version=decisions.c.version + 1).returning(decisions)
        return (await self.session.execute(stmt)).first()

    async def waiting_for(self, round_id: UUID, manager: UUID) -> int:
        """The decisions of the round that `manager` (or their delegate role) still has to take."""
        return (
            await self.session.execute(
                select(func.count())
                .select_from(decisions)
                .where(
                    decisions.c.round_id == round_id,
                    or_(decisions.c.manager_id == manager, decisions.c.delegate_id == manager),
                    decisions.c.status.in_(("open", "returned")),
                    decisions.c.escalated.is_(False),
                )
            )
        ).scalar_one()

    async def count_open(self, round_id: UUID) -> int:
        return (
            await self.session.execute(
                select(func.count())
                .select_from(decisions)
                .where(decisions.c.round_id == round_id, decisions.c.status.in_(("open", "returned")))
            )
        ).scalar_one()

    async def open_per_manager(self, round_id: UUID) -> list:
        return list(
            await self.session.execute(
                select(decisions.c.manager_id, func.count())
                .where(decisions.c.round_id == round_id, decisions.c.status.in_(("open", "returned")))
                .group_by(decisions.c.manager_id)
            )
        )

    async def per_manager(self, round_id: UUID) -> list:
        return list(
            await self.session.execute(
                select(decisions.c.manager_id, func.count())
                .where(decisions.c.round_id == round_id)
                .group_by(decisions.c.manager_id)
            )
        )

    async def escalate_open(self, round_id: UUID) -> list[UUID | None]:
        rows = await self.session.execute(
            update(decisions)
            .where(decisions.c.round_id == round_id, decisions.c.status.in_(("open", "returned")))
            .values(escalated=True, version=decisions.c.version + 1)
            .returning(decisions.c.manager_id)
        )
        return [r[0] for r in rows]

    async def approve_all(self, round_id: UUID) -> int:
        result = await self.session.execute(
            update(decisions)
            .where(decisions.c.round_id == round_id, decisions.c.status == "decided")
            .values(status="approved", version=decisions.c.version + 1)
            .returning(decisions.c.id)
        )
        return len(result.all())

    async def progress(self, round_id: UUID, by: str) -> list:
        """Counts per unit (`by="unit"`) or per manager (`by="manager"`): total, decided (or
        approved), yes, escalated."""
        if by == "unit":
            key, label = decisions.c.unit_id, org_units.c.name
            source = decisions.outerjoin(org_units, org_units.c.id == decisions.c.unit_id)
        else:
            manager = people.alias("manager")
            key, label = decisions.c.manager_id, manager.c.display_name
            source = decisions.outerjoin(manager, manager.c.person_id == decisions.c.manager_id)
        done = decisions.c.status.in_(("decided", "approved"))
        stmt = (
            select(
                key.label("key"),
                func.max(label).label("name"),
                func.count().label("total"),
                func.count().filter(done).label("decided"),
                func.count().filter(and_(done, decisions.c.outcome == "yes")).label("yes"),
                func.count().filter(decisions.c.escalated).label("escalated"),
                func.count().filter(decisions.c.status == "returned").label("returned"),
            )
            .select_from(source)
            .where(decisions.c.round_id == round_id)
            .group_by(key)
            .order_by(func.max(label))
        )
        return list(await self.session.execute(stmt))

    async def totals(self, round_id: UUID):
        return (
            await self.session.execute(
                select(
                    func.count().label("total"),
                    func.count().filter(decisions.c.status.in_(("decided", "approved"))).label("decided"),
                    func.count().filter(decisions.c.status == "approved").label("approved"),
                    func.count().filter(decisions.c.outcome == "yes").label("yes"),
                    func.count().filter(decisions.c.applied).label("applied"),
                    func.count().filter(decisions.c.final).label("final"),
                    func.count()
                    .filter(decisions.c.escalated, decisions.c.status.in_(("open", "returned")))
                    .label("with_hr"),
                ).where(decisions.c.round_id == round_id)
            )
        ).one()

    # --- letters --------------------------------------------------------------------------------
    async def without_letter(self, round_id: UUID, limit: int) -> list:
        """Approved decisions whose current version has no letter yet, locked for this transaction
        (another worker skips them)."""
        has_letter = (
            select(letters.c.id)
            .where(
                letters.c.decision_id == decisions.c.id,
                letters.c.decision_version == decisions.c.decision_version,
            )
            .exists()
        )
        ids = (
            select(decisions.c.id)
            .where(decisions.c.round_id == round_id, decisions.c.status == "approved", ~has_letter)
            .order_by(decisions.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=decisions)
        )
        locked = [r[0] for r in await self.session.execute(ids)]
        if not locked:
            return []
        return list(await self.session.execute(self._decision_view().where(decisions.c.id.in_(locked))))

    async def add_letters(self, rows: list[dict]) -> list[UUID]:
        """Stored once per decision version: a second copy is ignored. Returns the ids stored."""
        if not rows:
            return []
        stmt = (
            insert(letters)
            .on_conflict_do_nothing(index_elements=[letters.c.decision_id, letters.c.decision_version])
            .returning(letters.c.id)
        )
        return [r[0] for r in await self.session.execute(stmt, rows)]

    async def letters_of(self, decision_id: UUID) -> list:
        rows = await self.session.execute(
            select(letters.c.id, letters.c.decision_version, letters.c.sent_on, letters.c.objection_deadline)
            .where(letters.c.decision_id == decision_id)
            .order_by(letters.c.decision_version.desc())
        )
        return list(rows)

    async def letter(self, letter_id: UUID):
        return (await self.session.execute(select(letters).where(letters.c.id == letter_id))).first()

    async def letter_count(self, round_id: UUID) -> int:
        return (
            await self.session.execute(
                select(func.count())
                .select_from(letters.join(decisions, decisions.c.id == letters.c.decision_id))
                .where(decisions.c.round_id == round_id)
            )
        ).scalar_one()

    async def last_objection_deadline(self, round_id: UUID) -> date | None:
        return (
            await self.session.execute(
                select(func.max(letters.c.objection_deadline))
                .select_from(letters.join(decisions, decisions.c.id == letters.c.decision_id))
                .where(decisions.c.round_id == round_id)
            )
        ).scalar()

    # --- applying -------------------------------------------------------------------------------
    async def to_apply(self, round_id: UUID, limit: int) -> list:
        ids = (
            select(decisions.c.id)
            .where(decisions.c.round_id == round_id, decisions.c.status == "approved", ~decisions.c.applied)
            .order_by(decisions.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        locked = [r[0] for r in await self.session.execute(ids)]
        if not locked:
            return []
        return list(await self.session.execute(self._decision_view().where(decisions.c.id.in_(locked))))

    async def mark_applied(self, ids: list[UUID]) -> None:
        if ids:
            await self.session.execute(update(decisions).where(decisions.c.id.in_(ids)).values(applied=True))

    async def finalise(self, round_id: UUID) -> int:
        blocked = (
            select(objections.c.id)
            .where(
                objections.c.decision_id == decisions.c.id,
                objections.c.state.in_(("received", "in_progress")),
            )
            .exists()
        )
        result = await self.session.execute(
            update(decisions)
            .where(decisions.c.round_id == round_id, ~decisions.c.final, ~blocked)
            .values(final=True)
            .returning(decisions.c.id)
        )
        return len(result.all())

    # --- objections -----------------------------------------------------------------------------
    async def add_objection(self, values: dict):
        stmt = (
            insert(objections)
            .values(id=uuid.uuid4(), **values)
            .on_conflict_do_nothing(index_elements=[objections.c.decision_id, objections.c.decision_version])
            .returning(objections)
        )
        return (await self.session.execute(stmt)).first()

    async def objection(self, objection_id: UUID, *, lock: bool = False):
        stmt = select(objections).where(objections.c.id == objection_id)
        return (await self.session.execute(stmt.with_for_update() if lock else stmt)).first()

    async def objections_of(self, decision_id: UUID) -> list:
        return list(
            await self.session.execute(
                select(objections)
                .where(objections.c.decision_id == decision_id)
                .order_by(objections.c.created_at)
            )
        )

    async def all_objections(self, limit: int = 200) -> list:
        stmt = (
            select(objections, people.c.display_name.label("employee_name"))
            .join(people, people.c.person_id == objections.c.employee_id)
            .order_by(
                case((objections.c.state.in_(("received", "in_progress")), 0), else_=1),
                objections.c.filed_on.desc(),
            )
            .limit(limit)
        )
        return list(await self.session.execute(stmt))

    async def update_objection(self, objection_id: UUID, expected: int, **values):
        return (
            await self.session.execute(
                update(objections)
                .where(objections.c.id == objection_id, objections.c.version == expected)
                .values(**values, version=objections.c.version + 1)
                .returning(objections)
            )
        ).first()
