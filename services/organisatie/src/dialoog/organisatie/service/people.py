"""Use cases for people and reporting lines. Never commits."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.events.organisatie import PersonCreated, PersonUpdated, ReportingLineChanged
from dialoog.kit.concurrency import stale_version
from dialoog.kit.errors import Problem
from dialoog.kit.problems import conflict, invalid, invalid_field, not_found
from dialoog.organisatie.domain.person import (
    Person,
    PersonRuleBroken,
    ReportingLine,
    check_dates,
    normalise_roles,
    plan_manager_change,
)
from dialoog.organisatie.persistence.events import outbox
from dialoog.organisatie.persistence.org_units import OrgUnitRepository
from dialoog.organisatie.persistence.people import PeopleRepository


def person_not_found() -> Problem:
    return not_found("person-not-found")


def person_event(person: Person, kind=PersonCreated):
    return kind(
        person_id=person.id,
        employee_number=person.employee_number,
        email=person.email,
        display_name=person.name,
        org_unit_id=person.org_unit_id,
        roles=list(person.roles),
        date_of_birth=person.date_of_birth,
        appointment_start=person.appointment_start,
        probation_end=person.probation_end,
        version=person.version,
    )


async def _validate(session: AsyncSession, values: dict) -> dict:
    if "roles" in values:
        try:
            values["roles"] = list(normalise_roles(values["roles"]))
        except PersonRuleBroken as broken:
            raise invalid_field("body.roles", broken.nl, broken.en, "person-rule") from None
    if "email" in values:
        values["email"] = values["email"].lower()
    dates = check_dates(
        values.get("appointment_start"), values.get("probation_end"), values.get("date_of_birth")
    )
    if dates:
        raise invalid([(f"body.{field}", nl, en) for field, nl, en in dates], "person-rule")
    if values.get("org_unit_id") and await OrgUnitRepository(session).get(values["org_unit_id"]) is None:
        raise invalid_field("body.org_unit_id", "onbekende afdeling", "unknown org unit", "person-rule")
    return values


def number_taken(employee_number: str) -> Problem:
    return conflict(
        "employee-number-taken",
        f"Personeelsnummer {employee_number} bestaat al.",
        f"Employee number {employee_number} exists.",
    )


async def create_person(session: AsyncSession, tenant: str, values: dict) -> Person:
    values = await _validate(session, dict(values))
    repo = PeopleRepository(session)
    if await repo.by_employee_numbers([values["employee_number"]]):
        raise number_taken(values["employee_number"])
    try:
        async with session.begin_nested():
            person = await repo.add(tenant, values)
    except IntegrityError:
        raise number_taken(values["employee_number"]) from None
    await outbox.add(session, tenant, person_event(person))
    return person


async def update_person(
    session: AsyncSession, tenant: str, person_id: UUID, expected: int, changes: dict
) -> Person:
    repo = PeopleRepository(session)
    current = await repo.get(person_id)
    if current is None:
        raise person_not_found()
    merged = {
        "appointment_start": current.appointment_start,
        "probation_end": current.probation_end,
        "date_of_birth": current.date_of_birth,
        **changes,
    }
    checked = await _validate(session, merged)
    values = {k: checked[k] for k in changes}
    person = await repo.update(person_id, expected, values)
    if person is None:
        raise stale_version()
    await outbox.add(session, tenant, person_event(person, PersonUpdated))
    return person


async def change_manager(
    session: AsyncSession,
    tenant: str,
    person_id: UUID,
    expected: int,
    manager_id: UUID,
    delegate_id: UUID | None,
    valid_from: date,
) -> tuple[ReportingLine | None, int]:
    """From `valid_from` on, `manager_id` (and `delegate_id`) manage this person; the previous
    line is closed, not overwritten, so history stays and the new manager sees it. The person's
    manager is part of the person: the write takes the person's version (`expected`, If-Match)
    and a change moves it on. Returns the current line and the person's version."""
    repo = PeopleRepository(session)
    person = await repo.get(person_id)
    if person is None:
        raise person_not_found()
    if manager_id == person_id:
        raise invalid_field(
            "body.manager_id",
            "iemand kan niet zijn eigen leidinggevende zijn",
            "a person cannot manage themselves",
            "person-rule",
        )
    for field, other in (("body.manager_id", manager_id), ("body.delegate_id", delegate_id)):
        if other is not None and await repo.get(other) is None:
            raise invalid_field(field, "onbekende persoon", "unknown person", "person-rule")
    current = await repo.current_line(person_id, for_update=True)
    try:
        closing, open_new = plan_manager_change(current, manager_id, delegate_id, valid_from)
    except PersonRuleBroken as broken:
        raise invalid_field("body.valid_from", broken.nl, broken.en, "person-rule") from None
    if person.version != expected:
        raise stale_version()
    if not open_new:
        return current, person.version
    moved = await repo.update(person_id, expected, {})
    if moved is None:
        raise stale_version()
    if closing is not None:
        line, end = closing
        await repo.close_line(line.id, end)
    try:
        async with session.begin_nested():
            line = await repo.open_line(tenant, person_id, manager_id, delegate_id, valid_from)
    except IntegrityError:
        raise conflict(
            "reporting-line-changed",
            "Iemand anders wijzigde tegelijk de leidinggevende.",
            "Someone else changed the manager at the same time.",
        ) from None
    await outbox.add(
        session,
        tenant,
        ReportingLineChanged(
            person_id=person_id,
            manager_id=manager_id,
            delegate_id=delegate_id,
            valid_from=valid_from,
            previous_manager_id=current.manager_id if current else None,
        ),
    )
    return line, moved.version
