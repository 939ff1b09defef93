"""Who the caller is to an employee, from the projections; decided by domain/access.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal
from dialoog.kit.problems import forbidden, not_found
from dialoog.portfolio.domain.access import Action, Caller, Relation, allowed, relations
from dialoog.portfolio.persistence.assessments import EscalationRepository
from dialoog.portfolio.persistence.projections import ProjectionRepository


@dataclass(frozen=True)
class Access:
    found: frozenset[Relation]
    person: Any  # the employee's row in the people projection

    @property
    def role(self) -> str:
        """The caller's role in the cycle's terms, for talk rules."""
        return "employee" if Relation.SELF in self.found else "manager"


async def resolve(
    session: AsyncSession,
    principal: Principal,
    employee_id: UUID,
    action: Action,
    director_reads_reports: bool = False,
) -> Access:
    projections = ProjectionRepository(session)
    employee = await projections.person(employee_id)
    if employee is None:
        raise not_found("portfolio-not-found")
    me = await projections.person_id_for(principal)
    managers = {str(m) for m in await projections.managers_of(employee_id)}
    directors: set[str] = set()
    if "director" in principal.roles:  # the director relation needs the role (domain/access.py)
        units = await projections.unit_ancestors(employee.org_unit_id)
        directors = {str(d) for d in await projections.directors_of_units(units)}
    caller = Caller(str(me) if me else None, principal.roles)
    escalated = me is not None and await EscalationRepository(session).open_for(employee_id, me)
    found = relations(caller, str(employee_id), managers, directors, escalated)
    if not allowed(action, found, director_reads_reports):
        readable = allowed(Action.READ, found, director_reads_reports) or allowed(
            Action.READ_REPORTS, found, director_reads_reports
        )
        if not readable:
            raise not_found("portfolio-not-found")
        raise forbidden("Dit mag u niet in dit portfolio.", "You may not do this in this portfolio.")
    return Access(frozenset(found), employee)
