"""What a service keeps of organisatie (people, units, reporting lines), learnt from its events:
the parts every service's projection shares. A service declares its own `people` table (with the
columns it needs) and its units table (with or without names); the reporting lines are the same
everywhere. `apply_organisatie_event` turns person, unit and line events into rows."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import Column, Date, MetaData, Table, Text, select
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.organisatie import (
    OrgUnitCreated,
    OrgUnitRenamed,
    PersonCreated,
    PersonUpdated,
    ReportingLineChanged,
)


def reporting_table(metadata: MetaData) -> Table:
    return Table(
        "reporting",
        metadata,
        Column("employee_id", PgUUID(as_uuid=True), primary_key=True),
        Column("tenant_id", Text, nullable=False),
        Column("manager_id", PgUUID(as_uuid=True), nullable=False),
        Column("delegate_id", PgUUID(as_uuid=True), nullable=True),
        Column("valid_from", Date, nullable=False),
    )


def org_units_table(metadata: MetaData, *, named: bool) -> Table:
    columns = [
        Column("id", PgUUID(as_uuid=True), primary_key=True),
        Column("tenant_id", Text, nullable=False),
        Column("parent_id", PgUUID(as_uuid=True), nullable=True),
    ]
    if named:
        columns.append(Column("name", Text, nullable=False))
    return Table("org_units", metadata, *columns)


class OrganisatieProjection:
    """The shared SQL of a projection; services subclass it with what only they keep."""

    def __init__(self, session: AsyncSession, people: Table, org_units: Table, reporting: Table) -> None:
        self.session = session
        self.people = people
        self.org_units = org_units
        self.reporting = reporting

    # --- writes ---------------------------------------------------------------------------------
    async def upsert_person(self, tenant: str, values: dict) -> None:
        """Newer versions of a person win; an older event arriving late changes nothing."""
        t = self.people
        stmt = insert(t).values(tenant_id=tenant, **values)
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[t.c.person_id],
                set_={k: stmt.excluded[k] for k in values if k != "person_id"},
                where=t.c.source_version <= stmt.excluded.source_version,
            )
        )

    async def upsert_unit(self, tenant: str, unit_id: UUID, parent_id: UUID | None, name: str | None) -> None:
        t = self.org_units
        values = {"parent_id": parent_id, **({"name": name} if "name" in t.c else {})}
        stmt = insert(t).values(tenant_id=tenant, id=unit_id, **values)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=[t.c.id], set_=values))

    async def rename_unit(self, unit_id: UUID, name: str) -> None:
        if "name" in self.org_units.c:
            await self.session.execute(
                self.org_units.update().where(self.org_units.c.id == unit_id).values(name=name)
            )

    async def set_line(
        self, tenant: str, employee: UUID, manager: UUID, delegate: UUID | None, start: date
    ) -> None:
        t = self.reporting
        stmt = insert(t).values(
            tenant_id=tenant, employee_id=employee, manager_id=manager, delegate_id=delegate, valid_from=start
        )
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[t.c.employee_id],
                set_={"manager_id": manager, "delegate_id": delegate, "valid_from": start},
                where=t.c.valid_from <= start,
            )
        )

    # --- reads ----------------------------------------------------------------------------------
    async def person_id_for(self, principal) -> UUID | None:
        """The person a signed-in user is, matched by the e-mail address in their token."""
        if not principal.email:
            return None
        row = await self.person_by_email(principal.email)
        return row.person_id if row else None

    async def person_by_email(self, email: str):
        t = self.people
        return (await self.session.execute(select(t).where(t.c.email == email.lower()))).first()

    async def person(self, person_id: UUID):
        t = self.people
        return (await self.session.execute(select(t).where(t.c.person_id == person_id))).first()

    async def lines(self, employees: list[UUID]) -> dict[UUID, tuple[UUID, UUID | None]]:
        t = self.reporting
        rows = await self.session.execute(
            select(t.c.employee_id, t.c.manager_id, t.c.delegate_id).where(t.c.employee_id.in_(employees))
        )
        return {r[0]: (r[1], r[2]) for r in rows}


def person_values(payload: PersonCreated | PersonUpdated, columns) -> dict:
    """The event's fields that this service's people table has (e-mail in lower case)."""
    values = {
        "person_id": payload.person_id,
        "employee_number": payload.employee_number,
        "display_name": payload.display_name,
        "email": payload.email.lower() if payload.email else None,
        "org_unit_id": payload.org_unit_id,
        "roles": payload.roles,
        "date_of_birth": payload.date_of_birth,
        "appointment_start": payload.appointment_start,
        "probation_end": payload.probation_end,
        "source_version": payload.version,
    }
    return {k: v for k, v in values.items() if k in columns}


async def apply_organisatie_event(
    projection: OrganisatieProjection, event: CloudEvent, payload: BaseModel
) -> bool:
    """Person, unit and reporting-line events into the projection. False for any other event."""
    if isinstance(payload, PersonCreated | PersonUpdated):
        await projection.upsert_person(event.tenant, person_values(payload, projection.people.c))
    elif isinstance(payload, ReportingLineChanged):
        await projection.set_line(
            event.tenant, payload.person_id, payload.manager_id, payload.delegate_id, payload.valid_from
        )
    elif isinstance(payload, OrgUnitCreated):
        await projection.upsert_unit(event.tenant, payload.org_unit_id, payload.parent_id, payload.name)
    elif isinstance(payload, OrgUnitRenamed):
        await projection.rename_unit(payload.org_unit_id, payload.name)
    else:
        return False
    return True
