"""All SQL of HR's follow-up (ADR 0035): per org unit, counted in PostgreSQL over the periods
running on a day, and the named follow-up lists, paged by keyset. An employee without a period
running on the day (periods are opened on first use) counts as one without a talk."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import and_, exists, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.pagination import PageRequest, keyset
from dialoog.portfolio.persistence.tables import agreements, people, periods, talks

# One statement (one round trip): the running periods, their talks (had one, touched the topic,
# the latest conclusion) and agreements aggregated per period and hash-joined to the people,
# counted per unit. The latest conclusions come as an array per unit (the caller counts them per
# level; a unit's array is at most its size).
_UNITS = text("""
    with running as (
        select id, employee_id, status from periods where starts_on <= :day and ends_on >= :day
    ),
    talked as (
        select t.period_id,
               bool_or(:topic = any(t.topics)) as workload,
               (array_agg(t.conclusion order by t.held_on desc, t.created_at desc)
                    filter (where t.conclusion is not null))[1] as conclusion
        from talks t join running r on r.id = t.period_id
        group by t.period_id
    ),
    agreed as (
        select a.period_id,
               count(*) filter (where a.due_on < :day and r.status = 'open') as overdue,
               count(*) filter (where a.kind = 'development') as development
        from agreements a join running r on r.id = a.period_id
        group by a.period_id
    )
    select p.org_unit_id, count(*) as employees,
           count(*) filter (where tk.period_id is null) as without_talk,
           count(tk.period_id) as talked,
           count(*) filter (where tk.workload) as workload_raised,
           coalesce(sum(ag.overdue), 0) as overdue_agreements,
           coalesce(sum(ag.development), 0) as development_agreements,
           coalesce(array_agg(tk.conclusion) filter (where tk.conclusion is not null), '{}') as conclusions
    from people p
    left join running r on r.employee_id = p.person_id
    left join talked tk on tk.period_id = r.id
    left join agreed ag on ag.period_id = r.id
    group by p.org_unit_id order by p.org_unit_id nulls first
""")

NAMED_AGREEMENT = [
    agreements.c.id,
    periods.c.employee_id,
    people.c.org_unit_id,
    agreements.c.kind,
    agreements.c.title,
    agreements.c.goal,
    agreements.c.due_on,
    agreements.c.confirmed_by_employee,
    agreements.c.confirmed_by_manager,
]
WITHOUT_TALK = [people.c.person_id.label("employee_id"), people.c.org_unit_id]


def _running(day: date):
    return and_(periods.c.starts_on <= day, periods.c.ends_on >= day)


class FollowUpRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def units(self, day: date, topic: str) -> list:
        return list(await self.session.execute(_UNITS, {"day": day, "topic": topic}))

    async def without_talk(self, day: date, page: PageRequest, unit: UUID | None) -> list:
        had_talk = exists(
            select(talks.c.id)
            .join(periods, periods.c.id == talks.c.period_id)
            .where(periods.c.employee_id == people.c.person_id, _running(day))
        )
        stmt = select(*WITHOUT_TALK).where(~had_talk)
        if unit is not None:
            stmt = stmt.where(people.c.org_unit_id == unit)
        return list(await self.session.execute(keyset(stmt, [people.c.person_id], page)))

    async def agreements(self, day: date, page: PageRequest, unit: UUID | None, *, overdue: bool) -> list:
        """The agreements of the running periods: past their date in a period not yet locked
        (`overdue`), or the development agreements (the training and development needs)."""
        stmt = (
            select(*NAMED_AGREEMENT)
            .join(periods, periods.c.id == agreements.c.period_id)
            .join(people, people.c.person_id == periods.c.employee_id)
            .where(_running(day))
        )
        if overdue:
            stmt = stmt.where(agreements.c.due_on < day, periods.c.status == "open")
        else:
            stmt = stmt.where(agreements.c.kind == "development")
        if unit is not None:
            stmt = stmt.where(people.c.org_unit_id == unit)
        # Found first (hash joins over the running periods), then paged: ordered by the agreement's
        # id straight away, PostgreSQL walks the whole primary key looking up each agreement's
        # period and person, which is slow when one unit's few are spread over the tenant's many.
        found = stmt.cte("found").prefix_with("MATERIALIZED")
        return list(await self.session.execute(keyset(select(found), [found.c.id], page)))
