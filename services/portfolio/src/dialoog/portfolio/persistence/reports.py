"""All SQL about the talk reports a director has still to read: the talks of the running periods
of the given employees recorded after the director last read that employee's talk reports. Both
moments are records of portfolio's own audit trail (a talk's `create`, the director's `read` of
`talk_reports`), compared by their sequence number, so no clock is compared with another."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import String, and_, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.portfolio.persistence.tables import audit_log, org_units, people, periods, talks


class ReportsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def unit_parents(self) -> dict[UUID, UUID | None]:
        return {r.id: r.parent_id for r in await self.session.execute(select(org_units))}

    async def people_in_units(self, units: set[UUID], besides: UUID | None) -> list:
        if not units:
            return []
        rows = await self.session.execute(
            select(people.c.person_id, people.c.email).where(
                people.c.org_unit_id.in_(units), people.c.person_id != besides
            )
        )
        return list(rows)

    async def unread(self, employees: list[UUID], reader: str, today: date) -> list:
        """Per employee with unread talks: how many, and the last day one was held."""
        if not employees:
            return []
        last_read = (
            select(audit_log.c.object_id, func.max(audit_log.c.seq).label("seq"))
            .where(
                audit_log.c.actor == reader,
                audit_log.c.action == "read",
                audit_log.c.object_type == "talk_reports",
            )
            .group_by(audit_log.c.object_id)
            .subquery()
        )
        recorded = (
            select(audit_log.c.object_id, func.min(audit_log.c.seq).label("seq"))
            .where(audit_log.c.action == "create", audit_log.c.object_type == "talk")
            .group_by(audit_log.c.object_id)
            .subquery()
        )
        query = (
            select(
                periods.c.employee_id,
                func.count().label("unread"),
                func.max(talks.c.held_on).label("last_held_on"),
            )
            .select_from(
                talks.join(periods, talks.c.period_id == periods.c.id)
                .join(recorded, recorded.c.object_id == cast(talks.c.id, String))
                .outerjoin(last_read, last_read.c.object_id == cast(periods.c.employee_id, String))
            )
            .where(
                periods.c.employee_id.in_(employees),
                and_(periods.c.starts_on <= today, periods.c.ends_on >= today),
                or_(last_read.c.seq.is_(None), recorded.c.seq > last_read.c.seq),
            )
            .group_by(periods.c.employee_id)
            .order_by(periods.c.employee_id)
        )
        return list(await self.session.execute(query))
