"""All SQL about people and their reporting lines."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from sqlalchemy import and_, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.pagination import PageRequest, keyset
from dialoog.organisatie.domain.person import Person, ReportingLine
from dialoog.organisatie.persistence.tables import people, reporting_lines

PEOPLE_ORDER = (people.c.last_name, people.c.first_name, people.c.id)


def _person(row) -> Person:
    return Person(
        id=row.id,
        tenant_id=row.tenant_id,
        employee_number=row.employee_number,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        date_of_birth=row.date_of_birth,
        appointment_start=row.appointment_start,
        probation_end=row.probation_end,
        org_unit_id=row.org_unit_id,
        roles=tuple(row.roles),
        keycloak_user_id=row.keycloak_user_id,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _line(row) -> ReportingLine:
    return ReportingLine(
        row.id, row.employee_id, row.manager_id, row.delegate_id, row.valid_from, row.valid_to
    )


class PeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, person_id: UUID) -> Person | None:
        row = (await self.session.execute(select(people).where(people.c.id == person_id))).first()
        return _person(row) if row else None

    async def by_keycloak_user(self, user_id: str) -> Person | None:
        row = (await self.session.execute(select(people).where(people.c.keycloak_user_id == user_id))).first()
        return _person(row) if row else None

    async def by_email(self, email: str) -> Person | None:
        row = (
            await self.session.execute(select(people).where(people.c.email == email.lower()).limit(1))
        ).first()
        return _person(row) if row else None

    async def by_employee_numbers(self, numbers: list[str]) -> dict[str, Person]:
        if not numbers:
            return {}
        rows = await self.session.execute(select(people).where(people.c.employee_number.in_(numbers)))
        return {r.employee_number: _person(r) for r in rows}

    async def page(self, page: PageRequest, *, org_unit_id: UUID | None = None, query: str | None = None):
        """A page of people by last name, first name and id (one more than the page holds)."""
        stmt = select(people)
        if org_unit_id is not None:
            stmt = stmt.where(people.c.org_unit_id == org_unit_id)
        if query:
            like = f"%{query.lower()}%"
            stmt = stmt.where(
                func.lower(people.c.first_name + " " + people.c.last_name).like(like)
                | people.c.employee_number.ilike(like)
                | people.c.email.ilike(like)
            )
        rows = await self.session.execute(keyset(stmt, PEOPLE_ORDER, page))
        return [_person(r) for r in rows]

    async def add(self, tenant_id: str, values: dict) -> Person:
        row = (
            await self.session.execute(
                insert(people).values(id=uuid4(), tenant_id=tenant_id, **values).returning(people)
            )
        ).one()
        return _person(row)

    async def add_many(self, tenant_id: str, many: list[dict]) -> list[Person]:
        if not many:
            return []
        rows = await self.session.execute(
            insert(people).returning(people, sort_by_parameter_order=True),
            [{"id": uuid4(), "tenant_id": tenant_id, **values} for values in many],
        )
        return [_person(r) for r in rows]

    async def update(self, person_id: UUID, expected_version: int | None, values: dict) -> Person | None:
        """None when the person does not exist or (with `expected_version`) has another version."""
        stmt = update(people).where(people.c.id == person_id)
        if expected_version is not None:
            stmt = stmt.where(people.c.version == expected_version)
        row = (
            await self.session.execute(
                stmt.values(**values, version=people.c.version + 1, updated_at=func.now()).returning(people)
            )
        ).first()
        return _person(row) if row else None

    async def set_keycloak_user(self, person_id: UUID, keycloak_user_id: str) -> None:
        await self.session.execute(
            update(people).where(people.c.id == person_id).values(keycloak_user_id=keycloak_user_id)
        )

    # --- reporting lines ----------------------------------------------------------------------
    async def current_line(self, person_id: UUID, for_update: bool = False) -> ReportingLine | None:
        stmt = select(reporting_lines).where(
            and_(reporting_lines.c.employee_id == person_id, reporting_lines.c.valid_to.is_(None))
        )
        row = (await self.session.execute(stmt.with_for_update() if for_update else stmt)).first()
        return _line(row) if row else None

    async def current_lines(self, person_ids: list[UUID]) -> dict[UUID, ReportingLine]:
        if not person_ids:
            return {}
        rows = await self.session.execute(
            select(reporting_lines).where(
                reporting_lines.c.employee_id.in_(person_ids), reporting_lines.c.valid_to.is_(None)
            )
        )
        return {r.employee_id: _line(r) for r in rows}

    async def history(self, person_id: UUID, page: PageRequest) -> list[ReportingLine]:
        """A page of a person's reporting lines by start date (and id)."""
        stmt = select(reporting_lines).where(reporting_lines.c.employee_id == person_id)
        rows = await self.session.execute(
            keyset(stmt, (reporting_lines.c.valid_from, reporting_lines.c.id), page)
        )
        return [_line(r) for r in rows]

    async def close_line(self, line_id: UUID, valid_to: date) -> None:
        await self.session.execute(
            update(reporting_lines).where(reporting_lines.c.id == line_id).values(valid_to=valid_to)
        )

    async def open_line(
        self, tenant_id: str, person_id: UUID, manager_id: UUID, delegate_id: UUID | None, valid_from: date
    ) -> ReportingLine:
        row = (
            await self.session.execute(
                insert(reporting_lines)
                .values(
                    id=uuid4(),
                    tenant_id=tenant_id,
                    employee_id=person_id,
                    manager_id=manager_id,
                    delegate_id=delegate_id,
                    valid_from=valid_from,
                )
                .returning(reporting_lines)
            )
        ).one()
        return _line(row)

    async def close_lines(self, closing: list[tuple[UUID, date]]) -> None:
        if closing:
            from sqlalchemy import bindparam

            await self.session.execute(
                update(reporting_lines)
                .where(reporting_lines.c.id == bindparam("line_id"))
                .values(valid_to=bindparam("end")),
                [{"line_id": line_id, "end": end} for line_id, end in closing],
                execution_options={"synchronize_session": False},
            )

    async def open_lines(self, tenant_id: str, lines: list[tuple[UUID, UUID, UUID | None, date]]) -> None:
        if lines:
            await self.session.execute(
                insert(reporting_lines),
                [
                    {
                        "id": uuid4(),
                        "tenant_id": tenant_id,
                        "employee_id": e,
                        "manager_id": m,
                        "delegate_id": d,
                        "valid_from": start,
                    }
                    for e, m, d, start in lines
                ],
            )

    async def reports_of(self, manager_id: UUID, page: PageRequest) -> list[Person]:
        """A page of the people whose current manager or delegate this is."""
        stmt = (
            select(people)
            .join(reporting_lines, reporting_lines.c.employee_id == people.c.id)
            .where(
                reporting_lines.c.valid_to.is_(None),
                (reporting_lines.c.manager_id == manager_id) | (reporting_lines.c.delegate_id == manager_id),
            )
        )
        rows = await self.session.execute(keyset(stmt, PEOPLE_ORDER, page))
        return [_person(r) for r in rows]
