"""What flows through the cluster: org-unit events written into organisatie's outbox (as the service
writes them, through `kit.events.outbox`; the relays of both organisatie processes publish them) and
a salary round seeded as bench/salaris.py seeds one, run by the stack's two salaris workers."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import date

from sqlalchemy import insert, update

from dialoog.contracts.events.organisatie import OrgUnitCreated
from dialoog.kit.auth import Principal
from dialoog.kit.clock import today
from dialoog.kit.db import tenant_transaction
from dialoog.kit.events.outbox import Outbox
from dialoog.organisatie.persistence.tables import outbox as organisatie_outbox
from dialoog.salaris.persistence.rounds import RoundRepository
from dialoog.salaris.persistence.salary import SalaryRepository
from dialoog.salaris.persistence.tables import decisions, employee_steps, org_units, people, reporting
from dialoog.salaris.service import rounds as round_service

MOTIVATION = {
    "results": "Alle resultaatafspraken over doorlooptijden en klanttevredenheid zijn dit jaar gehaald.",
    "behaviour": "Werkt goed samen, neemt initiatief in het teamoverleg en helpt nieuwe collega's op weg.",
    "development": "Heeft de geplande opleiding afgerond en start volgend jaar met een leergang projectleiding.",
}


def hr(tenant: str) -> Principal:
    return Principal("hr", f"{tenant}.hr", tenant, (tenant,), frozenset({"hr_advisor", "employee"}))


async def publish_units(sessions, tenant: str, total: int, batch: int, pause: float, published: list[str]):
    """`total` org_unit.created events in transactions of `batch`, `pause` seconds apart; the ids
    of the units go into `published` as each transaction commits."""
    outbox = Outbox(organisatie_outbox)
    done = 0
    while done < total:
        size = min(batch, total - done)
        units = [uuid.uuid4() for _ in range(size)]
        payloads = [
            OrgUnitCreated(org_unit_id=u, parent_id=None, name=f"Eenheid {done + i}", version=1)
            for i, u in enumerate(units)
        ]
        async with tenant_transaction(sessions, tenant) as session:
            await outbox.add_many(session, tenant, payloads)
        published.extend(str(u) for u in units)
        done += size
        await asyncio.sleep(pause)


async def seed_round(sessions, tenant: str, employees: int) -> None:
    """People, reporting lines, scale 8 and steps in salaris's own tables (as bench/salaris.py)."""
    year = today().year
    managers = [uuid.uuid4() for _ in range(max(1, employees // 100))]
    units = [uuid.uuid4() for _ in range(max(1, len(managers) // 5))]
    async with tenant_transaction(sessions, tenant) as s:
        salary = SalaryRepository(s)
        amounts = [300000 + 10000 * i for i in range(11)]
        await salary.upsert_scale(tenant, "8", date(year, 1, 1), amounts)
        await salary.upsert_scale(tenant, "8", date(year + 1, 1, 1), [round(a * 1.02) for a in amounts])
        await round_service.ensure_settings(s, tenant, "Gemeente Cluster")
        await s.execute(
            insert(org_units),
            [
                {"tenant_id": tenant, "id": u, "parent_id": None, "name": f"Team {i}"}
                for i, u in enumerate(units)
            ],
        )
        rows, lines, steps = [], [], []
        for i in range(employees):
            pid = uuid.uuid4()
            rows.append(
                {
                    "tenant_id": tenant,
                    "person_id": pid,
                    "employee_number": f"c-{i}",
                    "display_name": f"Medewerker {i}",
                    "email": None,
                    "org_unit_id": units[i % len(units)],
                    "roles": ["employee"],
                    "probation_end": None,
                    "source_version": 1,
                }
            )
            lines.append(
                {
                    "tenant_id": tenant,
                    "employee_id": pid,
                    "manager_id": managers[i % len(managers)],
                    "delegate_id": None,
                    "valid_from": date(year, 1, 1),
                }
            )
            steps.append(
                {
                    "id": uuid.uuid4(),
                    "tenant_id": tenant,
                    "person_id": pid,
                    "scale": "8",
                    "step": i % 10,
                    "valid_from": date(year, 1, 1),
                    "source": "import",
                }
            )
        for chunk in range(0, employees, 5000):
            await s.execute(insert(people), rows[chunk : chunk + 5000])
            await s.execute(insert(reporting), lines[chunk : chunk + 5000])
            await s.execute(insert(employee_steps), steps[chunk : chunk + 5000])


async def open_round(sessions, tenant: str):
    year = today().year
    async with tenant_transaction(sessions, tenant) as s:
        return await round_service.open_round(
            s,
            hr(tenant),
            year=year,
            guidelines="Motiveer elk onderdeel SMART, met voorbeelden uit het jaar.",
            deadline=date(year, 12, 31),
            reminder_days=[],
            origin=None,
        )


async def decide_all_and_approve(sessions, tenant: str, round_id) -> int:
    """Every decision `yes` with a motivation (one statement, as bench/salaris.py), then approve.
    Returns how many decisions the round has."""
    async with tenant_transaction(sessions, tenant) as s:
        await s.execute(
            update(decisions).values(
                status="decided", outcome="yes", motivation=MOTIVATION, decision_version=1
            )
        )
        current = await RoundRepository(s).get(round_id)
        await round_service.approve(s, hr(tenant), current.year, current.version, None)
        return current.eligible


async def round_status(sessions, tenant: str, round_id) -> str:
    async with tenant_transaction(sessions, tenant) as s:
        return (await RoundRepository(s).get(round_id)).status


async def wait_for_status(sessions, tenant: str, round_id, status: str, timeout: float) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if await round_status(sessions, tenant, round_id) == status:
            return time.monotonic() - t0
        await asyncio.sleep(0.5)
    raise TimeoutError(
        f"round not {status} after {timeout:.0f}s: {await round_status(sessions, tenant, round_id)}"
    )
