"""The year-end salary round at scale: opening a round for 30,000 employees (the workflow assigns
them in batches), generating 30,000 letters, and applying the increases, each as a time and a rate,
beside the raw rate of empty Temporal workflows with one activity and the raw rate of rendering a
letter, measured in the same run on the same dev server. Targets: open under 60 s, letters at 50/s
or more. Prints figures; asserts nothing.

    uv run python bench/salaris.py [--employees 30000] [--raw 500]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import insert, update

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import bench_database, postgres_stack, table, temporal_server
from _temporal_raw import BenchOne, noop
from temporalio.api.workflowservice.v1 import RegisterNamespaceRequest
from temporalio.client import Client
from temporalio.worker import Worker

from dialoog.kit.auth import Principal
from dialoog.kit.clock import today
from dialoog.kit.db import make_engine, make_sessionmaker, tenant_transaction
from dialoog.salaris.domain.letters import default_settings, letter_data
from dialoog.salaris.persistence.rounds import RoundRepository
from dialoog.salaris.persistence.salary import SalaryRepository
from dialoog.salaris.persistence.tables import decisions, employee_steps, org_units, people, reporting
from dialoog.salaris.service import letters
from dialoog.salaris.service import rounds as service
from dialoog.salaris.settings import Settings
from dialoog.salaris.workflows.starter import connect, round_input
from dialoog.salaris.workflows.worker import build_worker

TENANT = "bench"
NAMESPACE = "dialoog-bench"
HR = Principal("hr", "bench.hr", TENANT, (TENANT,), frozenset({"hr_advisor"}))
MOTIVATION = {
    "results": "Alle resultaatafspraken over doorlooptijden en klanttevredenheid zijn dit jaar gehaald.",
    "behaviour": "Werkt goed samen, neemt initiatief in het teamoverleg en helpt nieuwe collega's op weg.",
    "development": "Heeft de geplande opleiding afgerond en start volgend jaar met een leergang projectleiding.",
}


# --- the raw figure: empty workflows with one activity -----------------------------------------
async def raw_workflows(client: Client, count: int) -> float:
    queue = f"bench-raw-{uuid.uuid4().hex[:6]}"
    async with Worker(client, task_queue=queue, workflows=[BenchOne], activities=[noop]):
        t0 = time.perf_counter()
        handles = await asyncio.gather(
            *(
                client.start_workflow("BenchOne", i, id=f"bench-raw-{queue}-{i}", task_queue=queue)
                for i in range(count)
            )
        )
        await asyncio.gather(*(h.result() for h in handles))
        return count / (time.perf_counter() - t0)


def raw_render(count: int, processes: int) -> float:
    data = letter_data(
        settings=default_settings("Gemeente Benchmark"),
        employee_name="Sanne de Vries",
        employee_number="b-1",
        decision={
            "id": uuid.uuid4(),
            "decision_version": 1,
            "scale": "8",
            "step": 4,
            "new_step": 5,
            "outcome": "yes",
            "motivation": MOTIVATION,
        },
        amounts_before=tuple(range(300000, 400000, 10000)),
        amounts_after=tuple(range(306000, 406000, 10000)),
        sent_on=today(),
        effective_on=date(today().year + 1, 1, 1),
    )
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(letters.render, [data] * processes))  # warm up
        t0 = time.perf_counter()
        list(pool.map(letters.render, [data] * count, chunksize=8))
        return count / (time.perf_counter() - t0)


# --- the round --------------------------------------------------------------------------------
async def seed(sessions, employees: int) -> None:
    year = today().year
    per_manager = 100
    managers = [uuid.uuid4() for _ in range(max(1, employees // per_manager))]
    units = [uuid.uuid4() for _ in range(max(1, len(managers) // 5))]
    async with tenant_transaction(sessions, TENANT) as s:
        salary = SalaryRepository(s)
        amounts = [300000 + 10000 * i for i in range(11)]
        await salary.upsert_scale(TENANT, "8", date(year - 1, 1, 1), amounts)
        await salary.upsert_scale(TENANT, "8", date(year, 1, 1), [round(a * 1.02) for a in amounts])
        await service.ensure_settings(s, TENANT, "Gemeente Benchmark")
        await s.execute(
            insert(org_units),
            [
                {"tenant_id": TENANT, "id": u, "parent_id": None, "name": f"Team {i}"}
                for i, u in enumerate(units)
            ],
        )
        rows, lines, steps = [], [], []
        for i in range(employees):
            pid, manager = uuid.uuid4(), managers[i % len(managers)]
            rows.append(
                {
                    "tenant_id": TENANT,
                    "person_id": pid,
                    "employee_number": f"b-{i}",
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
                    "tenant_id": TENANT,
                    "employee_id": pid,
                    "manager_id": manager,
                    "delegate_id": None,
                    "valid_from": date(year - 1, 1, 1),
                }
            )
            steps.append(
                {
                    "id": uuid.uuid4(),
                    "tenant_id": TENANT,
                    "person_id": pid,
                    "scale": "8",
                    "step": i % 10,
                    "valid_from": date(year - 1, 1, 1),
                    "source": "import",
                }
            )
        for chunk in range(0, employees, 5000):
            await s.execute(insert(people), rows[chunk : chunk + 5000])
            await s.execute(insert(reporting), lines[chunk : chunk + 5000])
            await s.execute(insert(employee_steps), steps[chunk : chunk + 5000])


async def wait_for(sessions, round_id, status: str, timeout: float = 3600) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        async with tenant_transaction(sessions, TENANT) as s:
            if (await RoundRepository(s).get(round_id)).status == status:
                return time.perf_counter() - t0
        await asyncio.sleep(0.2)
    raise TimeoutError(status)


def main(employees: int, raw: int) -> None:
    with postgres_stack() as cfg, temporal_server(cfg) as address:
        with bench_database(cfg, "salaris", "round") as db:
            asyncio.run(measure(address, db, employees, raw))


async def measure(address: str, db: dict, employees: int, raw: int) -> None:
    base = await Client.connect(address)
    with contextlib.suppress(Exception):
        from google.protobuf.duration_pb2 import Duration

        await base.workflow_service.register_namespace(
            RegisterNamespaceRequest(
                namespace=NAMESPACE, workflow_execution_retention_period=Duration(seconds=86400)
            )
        )
        await asyncio.sleep(2)
    client = await connect(address, NAMESPACE)
    raw_rate = await raw_workflows(client, raw)
    processes = 2
    render_rate = raw_render(400, processes)

    settings = Settings(
        database_url=db["app"],
        temporal_address=address,
        temporal_namespace=NAMESPACE,
        temporal_task_queue=f"bench-{uuid.uuid4().hex[:6]}",
        database_pool_size=10,
    )
    engine = make_engine(settings)
    sessions = make_sessionmaker(engine)
    await seed(sessions, employees)
    # The round of last year: its reference date (1 January) has passed, so the increases are
    # applied as soon as the letters are out (a round opened this year would wait for January).
    year = today().year - 1
    async with tenant_transaction(sessions, TENANT) as s:
        rnd = await RoundRepository(s).create(
            {
                "tenant_id": TENANT,
                "year": year,
                "status": "opening",
                "guidelines": "Benchmark.",
                "deadline": today(),
                "reminder_days": [],
                "reference_date": date(year + 1, 1, 1),
                "workflow_id": f"salary-round:{TENANT}:{year}",
                "opened_by": "bench",
            }
        )
    with ProcessPoolExecutor(processes) as pool:
        async with build_worker(client, settings, sessions, pool):
            t0 = time.perf_counter()
            handle = await client.start_workflow(
                "SalaryRound",
                replace(round_input(rnd, TENANT), letter_batch=200),
                id=rnd.workflow_id + f"-{uuid.uuid4().hex[:4]}",
                task_queue=settings.temporal_task_queue,
            )
            await wait_for(sessions, rnd.id, "deciding")
            opened = time.perf_counter() - t0
            async with tenant_transaction(sessions, TENANT) as s:
                await s.execute(
                    update(decisions).values(
                        status="decided", outcome="yes", motivation=MOTIVATION, decision_version=1
                    )
                )
                current = await RoundRepository(s).get(rnd.id)
                eligible = current.eligible
                await service.approve(s, HR, year, current.version, None)
            t1 = time.perf_counter()
            await handle.signal("approve")
            await wait_for(sessions, rnd.id, "letters_sent")
            lettered = time.perf_counter() - t1
            t2 = time.perf_counter()
            await wait_for(sessions, rnd.id, "applied")
            applied = time.perf_counter() - t2
            # The round's history as Temporal keeps it (capacity: events and bytes per round).
            first = (await handle.fetch_history()).events
            latest = client.get_workflow_handle(handle.id)
            continued = (await latest.describe()).run_id != handle.first_execution_run_id
            last = (await latest.fetch_history()).events if continued else []
            history_events = len(first) + len(last)
            history_bytes = sum(e.ByteSize() for e in first + last)
            await handle.terminate("benchmark done")
    await engine.dispose()

    print(
        f"salary round of {employees:,} employees ({eligible:,} eligible), Temporal dev server, {processes} letter processes"
    )
    print(
        table(
            [
                ("what", "time", "rate"),
                ("raw: empty workflows with one activity", "", f"{raw_rate:,.0f} workflows/s"),
                ("raw: rendering a letter (Typst)", "", f"{render_rate:,.0f} letters/s"),
                (
                    "open the round (assign in batches)",
                    f"{opened:.1f} s",
                    f"{eligible / opened:,.0f} employees/s  (target: < 60 s)",
                ),
                (
                    "letters (render, store, event)",
                    f"{lettered:.1f} s",
                    f"{eligible / lettered:,.0f} letters/s = {eligible / lettered / render_rate:.0%} of raw render  (target: >= 50/s)",
                ),
                ("apply the increases", f"{applied:.1f} s", f"{eligible / applied:,.0f} employees/s"),
                (
                    "the round's workflow history",
                    "",
                    f"{history_events:,} events, {history_bytes / 1024:,.0f} KiB "
                    f"(until applied: the first run{' and the last, continued as new' if continued else ''})",
                ),
                (
                    "whole round in workflows",
                    "",
                    f"1 workflow vs {employees:,} at the raw rate = {employees / raw_rate:,.0f} s",
                ),
            ]
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=30_000)
    parser.add_argument("--raw", type=int, default=500)
    args = parser.parse_args()
    main(args.employees, args.raw)
