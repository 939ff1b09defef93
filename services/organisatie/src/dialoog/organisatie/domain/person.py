"""People and reporting lines: pure rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

ROLES = ("employee", "manager", "hr_advisor", "director", "tenant_admin")


@dataclass(frozen=True)
class Person:
    id: UUID
    tenant_id: str
    employee_number: str
    first_name: str
    last_name: str
    email: str
    date_of_birth: date | None
    appointment_start: date | None
    probation_end: date | None
    org_unit_id: UUID | None
    roles: tuple[str, ...]
    keycloak_user_id: str | None
    version: int
    created_at: datetime
    updated_at: datetime

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class ReportingLine:
    id: UUID
    employee_id: UUID
    manager_id: UUID
    delegate_id: UUID | None
    valid_from: date
    valid_to: date | None


def normalise_roles(roles: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Everyone is an employee; the order is fixed so that comparisons are stable."""
    wanted = set(roles) | {"employee"}
    unknown = wanted - set(ROLES)
    if unknown:
        raise ValueError(f"unknown role(s): {', '.join(sorted(unknown))}; allowed: {', '.join(ROLES)}")
    return tuple(r for r in ROLES if r in wanted)


def check_dates(
    appointment_start: date | None, probation_end: date | None, date_of_birth: date | None
) -> list[tuple[str, str]]:
    errors = []
    if probation_end and appointment_start and probation_end <= appointment_start:
        errors.append(("probation_end", "must be after appointment_start"))
    if date_of_birth and appointment_start and date_of_birth >= appointment_start:
        errors.append(("date_of_birth", "must be before appointment_start"))
    if date_of_birth and date_of_birth.year < 1900:
        errors.append(("date_of_birth", "is before 1900"))
    return errors


def plan_manager_change(
    current: ReportingLine | None, new_manager: UUID, new_delegate: UUID | None, start: date
):
    """What to do when someone gets a (new) manager from `start`: close the current line the day
    before and open a new one. Returns (line_to_close_with_end_date | None, open_new: bool)."""
    if current is not None and current.manager_id == new_manager and current.delegate_id == new_delegate:
        return None, False
    if current is not None and start < current.valid_from:
        raise ValueError(f"valid_from {start} is before the current line's start {current.valid_from}")
    if current is None:
        return None, True
    from datetime import timedelta

    end = start - timedelta(days=1) if start > current.valid_from else current.valid_from
    return (current, end), True
