"""The audit trail (BIO 8.15.01) of the portfolio: kit's shared AuditRepository (append-only,
hash-chained per tenant, appends serialised per tenant with an advisory lock) on portfolio's own
`audit_log` table (migration 0003), and who a person is to that trail."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import String, cast, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.audit import AuditRepository as _KitAuditRepository
from dialoog.portfolio.persistence.tables import (
    agreements,
    assessments,
    attachments,
    audit_log,
    decisions,
    escalations,
    objections,
    people,
    periods,
    portfolio_competencies,
    reactions,
    salary_letters,
    shared_feedback,
    talks,
)


class AuditRepository(_KitAuditRepository):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, audit_log)


async def person_objects(session: AsyncSession, person_id: UUID) -> tuple[list[str], list[str]]:
    """(actors, object ids) of a person: the e-mail address they sign in with (accounts that
    organisatie provisions are named by it), and the ids of their portfolio and everything in it:
    periods, agreements, talks, reactions, competencies worked on, attachments, assessments,
    decisions, objections, escalations, shared feedback and salary letters."""
    own_periods = select(periods.c.id).where(periods.c.employee_id == person_id)
    in_periods = [
        select(cast(t.c.id, String)).where(t.c.period_id.in_(own_periods))
        for t in (agreements, talks, reactions, portfolio_competencies, attachments)
    ]
    own_assessments = select(assessments.c.id).where(assessments.c.employee_id == person_id)
    own_decisions = select(decisions.c.id).where(decisions.c.employee_id == person_id)
    ids = union_all(
        select(cast(periods.c.id, String)).where(periods.c.employee_id == person_id),
        *in_periods,
        select(cast(assessments.c.id, String)).where(assessments.c.employee_id == person_id),
        select(cast(decisions.c.id, String)).where(decisions.c.employee_id == person_id),
        select(cast(escalations.c.id, String)).where(escalations.c.employee_id == person_id),
        select(cast(objections.c.id, String)).where(
            objections.c.assessment_id.in_(own_assessments) | objections.c.decision_id.in_(own_decisions)
        ),
        select(cast(shared_feedback.c.feedback_id, String)).where(shared_feedback.c.employee_id == person_id),
        select(cast(salary_letters.c.letter_id, String)).where(salary_letters.c.employee_id == person_id),
    )
    objects = [str(person_id), *(await session.execute(ids)).scalars()]
    email = (await session.execute(select(people.c.email).where(people.c.person_id == person_id))).scalar()
    return ([email] if email else []), objects
