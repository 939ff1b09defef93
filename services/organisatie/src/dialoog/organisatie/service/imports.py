"""The HR import: validate a CSV of people and units, then upsert it in chunks, each chunk its
own transaction, reporting progress and a per-row result. Idempotent: importing the same file
again changes nothing and reports every row as unchanged."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.events.organisatie import PersonUpdated, ReportingLineChanged
from dialoog.kit.errors import Problem, field_error
from dialoog.kit.problems import invalid
from dialoog.organisatie.domain.org_unit import normalise_name
from dialoog.organisatie.domain.people_csv import FileProblem, Row, parse
from dialoog.organisatie.domain.person import Person, PersonRuleBroken, normalise_roles, plan_manager_change
from dialoog.organisatie.persistence.events import outbox
from dialoog.organisatie.persistence.imports import ImportRepository
from dialoog.organisatie.persistence.org_units import OrgUnitRepository
from dialoog.organisatie.persistence.people import PeopleRepository
from dialoog.organisatie.service.org_units import create_unit
from dialoog.organisatie.service.people import person_event

log = logging.getLogger(__name__)
CHUNK = 500
Transaction = Callable[[], AbstractAsyncContextManager[AsyncSession]]


def unreadable(nl: str, en: str) -> Problem:
    return invalid([("file", nl, en)], "import-file-unreadable", kind="file")


async def start_import(
    session: AsyncSession, tenant: str, filename: str | None, content: bytes, actor: str
) -> UUID:
    try:
        rows = parse(content)
    except FileProblem as exc:
        raise unreadable(exc.nl, exc.en) from None
    return await ImportRepository(session).add(
        tenant, filename, content, total=2 * len(rows), created_by=actor
    )


def _values(row: Row, unit_id: UUID | None, manages: bool) -> dict:
    return {
        "employee_number": row.employee_number,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "email": row.email,
        "date_of_birth": row.date_of_birth,
        "appointment_start": row.appointment_start,
        "probation_end": row.probation_end,
        "org_unit_id": unit_id,
        "roles": list(normalise_roles([*row.roles, "manager"]) if manages else row.roles),
    }


def _changed(person: Person, values: dict) -> dict:
    return {
        k: v
        for k, v in values.items()
        if (list(getattr(person, k)) if k == "roles" else getattr(person, k)) != v
    }


async def _ensure_units(session: AsyncSession, tenant: str, rows: list[Row]) -> dict[str, UUID]:
    """Units by name; missing ones are created, parents first."""
    repo = OrgUnitRepository(session)
    known = {u.name: u.id for u in await repo.all()}
    wanted: dict[str, str | None] = {}
    for row in rows:
        if row.ok and row.unit:
            wanted.setdefault(
                normalise_name(row.unit), normalise_name(row.parent_unit) if row.parent_unit else None
            )
            if row.parent_unit:
                wanted.setdefault(normalise_name(row.parent_unit), None)
    pending = [name for name in wanted if name not in known]
    while pending:
        progressed = False
        for name in list(pending):
            parent = wanted[name]
            if parent is None or parent in known:
                unit = await create_unit(session, tenant, name, known.get(parent) if parent else None)
                known[name] = unit.id
                pending.remove(name)
                progressed = True
        if not progressed:  # a cycle among new units: attach the rest at the top
            for name in pending:
                wanted[name] = None
    return known


async def run_import(transaction: Transaction, tenant: str, job_id: UUID, today: date) -> None:
    """Runs after the upload's commit (a background task of the service)."""
    try:
        await _run(transaction, tenant, job_id, today)
    except asyncio.CancelledError:
        # The service is stopping: say so rather than leave the job "running" forever. The file is
        # kept; importing it again finishes the work (the import is idempotent).
        log.warning("import %s interrupted by shutdown", job_id)
        async with transaction() as session:
            await ImportRepository(session).finish(job_id, "failed")
        raise
    except Exception:
        log.exception("import %s failed", job_id)
        async with transaction() as session:
            await ImportRepository(session).finish(job_id, "failed")


async def _run(transaction: Transaction, tenant: str, job_id: UUID, today: date) -> None:
    async with transaction() as session:
        rows = parse(await ImportRepository(session).content(job_id))
        units = await _ensure_units(session, tenant, rows)
    numbers_in_file = {r.employee_number for r in rows if r.ok}
    # Someone the file names as a manager gets the role with their own row (pass 1), so that a
    # second import of the same file does not take it away and give it back.
    managers_in_file = {r.manager_employee_number for r in rows if r.ok} & numbers_in_file
    processed = 0
    # Pass 1: people (create, update, or leave unchanged).
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        report: list[dict] = []
        counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        async with transaction() as session:
            repo = PeopleRepository(session)
            existing = await repo.by_employee_numbers([r.employee_number for r in chunk if r.ok])
            new_values = []
            for row in chunk:
                if not row.ok:
                    counts["failed"] += 1
                    report.append(
                        {
                            "line": row.line,
                            "employee_number": row.employee_number,
                            "status": "error",
                            "errors": row.errors,
                        }
                    )
                    continue
                values = _values(
                    row,
                    units.get(normalise_name(row.unit)) if row.unit else None,
                    row.employee_number in managers_in_file,
                )
                person = existing.get(row.employee_number)
                if person is None:
                    new_values.append(values)
                    counts["created"] += 1
                    report.append(
                        {"line": row.line, "employee_number": row.employee_number, "status": "created"}
                    )
                    continue
                changes = _changed(person, values)
                if not changes:
                    counts["unchanged"] += 1
                    report.append(
                        {"line": row.line, "employee_number": row.employee_number, "status": "unchanged"}
                    )
                    continue
                updated = await repo.update(person.id, None, changes)
                await outbox.add(session, tenant, person_event(updated, PersonUpdated))
                counts["updated"] += 1
                report.append(
                    {
                        "line": row.line,
                        "employee_number": row.employee_number,
                        "status": "updated",
                        "fields": sorted(changes),
                    }
                )
            created = await repo.add_many(tenant, new_values)
            await outbox.add_many(session, tenant, [person_event(p) for p in created])
            processed += len(chunk)
            await ImportRepository(session).progress(job_id, processed, counts, report)
    # Pass 2: reporting lines, once everyone exists (a manager may come later in the file).
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        failures: list[dict] = []
        async with transaction() as session:
            repo = PeopleRepository(session)
            wanted = {
                n
                for r in chunk
                if r.ok
                for n in (r.employee_number, r.manager_employee_number, r.delegate_employee_number)
                if n
            }
            people = await repo.by_employee_numbers(sorted(wanted))
            managers_to_flag: dict[str, Person] = {}
            current = await repo.current_lines(
                [people[r.employee_number].id for r in chunk if r.ok and r.employee_number in people]
            )
            closing: list[tuple[UUID, date]] = []
            opening: list[tuple[UUID, UUID, UUID | None, date]] = []
            events: list[ReportingLineChanged] = []
            for row in chunk:
                if not row.ok or not row.manager_employee_number:
                    continue
                manager = people.get(row.manager_employee_number)
                delegate = people.get(row.delegate_employee_number) if row.delegate_employee_number else None
                problem = None
                if manager is None:
                    number = row.manager_employee_number
                    elsewhere = number not in numbers_in_file
                    problem = (
                        "manager_employee_number",
                        f"onbekend personeelsnummer '{number}'"
                        + (" (niet in het bestand of de organisatie)" if elsewhere else ""),
                        f"unknown employee number '{number}'"
                        + (" (not in the file or the tenant)" if elsewhere else ""),
                    )
                elif row.delegate_employee_number and delegate is None:
                    problem = (
                        "delegate_employee_number",
                        f"onbekend personeelsnummer '{row.delegate_employee_number}'",
                        f"unknown employee number '{row.delegate_employee_number}'",
                    )
                if problem:
                    failures.append(
                        {
                            "line": row.line,
                            "employee_number": row.employee_number,
                            "status": "error",
                            "errors": [field_error(*problem, "import")],
                        }
                    )
                    continue
                person = people[row.employee_number]
                line = current.get(person.id)
                delegate_id = delegate.id if delegate else None
                try:
                    close, open_new = plan_manager_change(line, manager.id, delegate_id, today)
                except PersonRuleBroken as exc:
                    failures.append(
                        {
                            "line": row.line,
                            "employee_number": row.employee_number,
                            "status": "error",
                            "errors": [field_error("manager_employee_number", exc.nl, exc.en, "import")],
                        }
                    )
                    continue
                if close is not None:
                    closing.append((close[0].id, close[1]))
                if open_new:
                    opening.append((person.id, manager.id, delegate_id, today))
                    events.append(
                        ReportingLineChanged(
                            person_id=person.id,
                            manager_id=manager.id,
                            delegate_id=delegate_id,
                            valid_from=today,
                            previous_manager_id=line.manager_id if line else None,
                        )
                    )
                if "manager" not in manager.roles and manager.employee_number not in managers_in_file:
                    managers_to_flag[manager.employee_number] = manager
            await repo.close_lines(closing)
            await repo.open_lines(tenant, opening)
            await outbox.add_many(session, tenant, events)
            for manager in managers_to_flag.values():
                roles = list(normalise_roles([*manager.roles, "manager"]))
                updated = await repo.update(manager.id, None, {"roles": roles})
                await outbox.add(session, tenant, person_event(updated, PersonUpdated))
            processed += len(chunk)
            await ImportRepository(session).progress(job_id, processed, {"failed": 0}, failures)
    async with transaction() as session:
        await ImportRepository(session).finish(job_id, "done")
