"""Who may do what with a portfolio (DOMAIN.md "Who uses it"): pure rules over a relation.

The relation of the caller to the portfolio's employee is computed by the service layer from the
projections (reporting lines, org units); these rules only decide."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Relation(StrEnum):
    SELF = "self"
    MANAGER = "manager"  # current manager or delegate of the employee
    DIRECTOR = "director"  # director of a department above the employee's unit
    HR = "hr"  # hr_advisor of the tenant
    ESCALATED = "escalated"  # the next-higher manager while a disagreement is escalated to them
    NONE = "none"


class Action(StrEnum):
    READ = "read"  # the portfolio: agreements, talks, conclusions
    WRITE = "write"  # add or change agreements, record talks
    READ_REPORTS = "read_reports"  # talk reports only (directors)
    CONCLUDE = "conclude"  # conclusion, reward advice, lock
    REACT = "react"  # the employee's reaction
    DECIDE = "decide"  # a formal decision on an agreement with legal consequences


@dataclass(frozen=True)
class Caller:
    person_id: str | None
    roles: frozenset[str]


def relations(
    caller: Caller,
    employee_id: str,
    manager_ids: set[str],
    director_ids: set[str],
    escalated_to_caller: bool = False,
) -> set[Relation]:
    found: set[Relation] = set()
    if escalated_to_caller:
        found.add(Relation.ESCALATED)
    if caller.person_id == employee_id:
        found.add(Relation.SELF)
    if caller.person_id in manager_ids:
        found.add(Relation.MANAGER)
    if caller.person_id in director_ids and "director" in caller.roles:
        found.add(Relation.DIRECTOR)
    if "hr_advisor" in caller.roles:
        found.add(Relation.HR)
    return found or {Relation.NONE}


def allowed(action: Action, found: set[Relation], director_reads_reports: bool) -> bool:
    if action == Action.READ:
        return bool(found & {Relation.SELF, Relation.MANAGER, Relation.HR, Relation.ESCALATED})
    if action == Action.READ_REPORTS:
        return bool(found & {Relation.SELF, Relation.MANAGER, Relation.HR, Relation.ESCALATED}) or (
            Relation.DIRECTOR in found and director_reads_reports
        )
    if action == Action.WRITE:
        return bool(found & {Relation.SELF, Relation.MANAGER})
    if action == Action.CONCLUDE:
        return Relation.MANAGER in found
    if action == Action.REACT:
        return Relation.SELF in found
    if action == Action.DECIDE:  # the manager, or HR for the employer (seed 001 point 2)
        return bool(found & {Relation.MANAGER, Relation.HR})
    return False
