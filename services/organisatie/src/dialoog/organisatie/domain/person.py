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


class PersonRuleBroken(ValueError):
    """A rule about a person or a reporting line, in Dutch and English (`str()` is the English)."""

    def __init__(self, nl: str, en: str) -> None:
        super().__init__(en)
        self.nl, self.en = nl, en


def normalise_roles(roles: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Everyone is an employee; the order is fixed so that comparisons are stable."""
    wanted = set(roles) | {"employee"}
    unknown = wanted - set(ROLES)
    if unknown:
        names, allowed = ", ".join(sorted(unknown)), ", ".join(ROLES)
        raise PersonRuleBroken(
            f"onbekende rol(len): {names}; toegestaan: {allowed}",
            f"unknown role(s): {names}; allowed: {allowed}",
        )
    return tuple(r for r in ROLES if r in wanted)


def check_dates(
    appointment_start: date | None, probation_end: date | None, date_of_birth: date | None
) -> list[tuple[str, str, str]]:
    """(field, Dutch reason, English reason) for every date that does not fit the others."""
    errors = []
    if probation_end and appointment_start and probation_end <= appointment_start:
        errors.append(
            (
                "probation_end",
                "moet na het begin van de aanstelling liggen",
                "must be after appointment_start",
            )
        )
    if date_of_birth and appointment_start and date_of_birth >= appointment_start:
        errors.append(
            (
                "date_of_birth",
                "moet voor het begin van de aanstelling liggen",
                "must be before appointment_start",
            )
        )
    if date_of_birth and date_of_birth.year < 1900:
        errors.append(("date_of_birth", "ligt voor 1900", "is before 1900"))
    return errors


def plan_manager_change(
    current: ReportingLine | None, new_manager: UUID, new_delegate: UUID | None, start: date
):
    """What to do when someone gets a (new) manager from `start`: close the current line the day
    before and open a new one. Returns (line_to_close_with_end_date | None, open_new: bool)."""
    if current is not None and current.manager_id == new_manager and current.delegate_id == new_delegate:
        return None, False
    if current is not None and start < current.valid_from:
        raise PersonRuleBroken(
            f"valid_from {start.isoformat()} ligt voor het begin van de huidige lijn ({current.valid_from.isoformat()})",
            f"valid_from {start.isoformat()} is before the current line's start {current.valid_from.isoformat()}",
        )
    if current is None:
        return None, True
    from datetime import timedelta

    end = start - timedelta(days=1) if start > current.valid_from else current.valid_from
    return (current, end), True
