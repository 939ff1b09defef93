"""The Temporal worker is a process of its own. Killed with SIGKILL while it makes the letters and
started again, the round still finishes: every employee has exactly one decision, and every decision
version exactly one letter and one `letter.issued` event (real PostgreSQL, the stack's Temporal)."""

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import uuid
from datetime import date

from sqlalchemy import distinct, func, select

from dialoog.kit.clock import today
from dialoog.kit.db import make_engine, make_sessionmaker, tenant_transaction
from dialoog.kit.pagination import PageRequest
from dialoog.salaris.persistence.rounds import RoundRepository
from dialoog.salaris.persistence.tables import decisions, letters, outbox
from dialoog.salaris.service import rounds as service
from dialoog.salaris.workflows.starter import connect, start_round

from .conftest import ensure_namespace
from .seeding import HR, TENANT, decide, manager, seed

PEOPLE = 300


def spawn_worker(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dialoog.salaris.workflows.worker"],
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


async def counts(sessions, round_id):
    async with tenant_transaction(sessions, TENANT) as s:
        made = (await s.execute(select(func.count()).select_from(letters))).scalar()
        status = (await RoundRepository(s).get(round_id)).status
    return made, status


async def test_worker_killed_during_letters_the_round_finishes_once(
    dialoog_stack, service_settings, test_databases, temporal_settings, tmp_path
):
    await ensure_namespace(temporal_settings["temporal_address"], temporal_settings["temporal_namespace"])
    queue = f"crash-{uuid.uuid4().hex[:6]}"
    database = test_databases("salaris", label="crash")["app"]
    settings = service_settings(
        "salaris", database_url=database, **{**temporal_settings, "temporal_task_queue": queue}
    )
    engine = make_engine(settings)
    sessions = make_sessionmaker(engine)
    env = {
        **dialoog_stack.service_env("salaris"),
        "DIALOOG_SALARIS_DATABASE_URL": database,
        "DIALOOG_SALARIS_TEMPORAL_NAMESPACE": temporal_settings["temporal_namespace"],
        "DIALOOG_SALARIS_TEMPORAL_TASK_QUEUE": queue,
        "DIALOOG_SALARIS_LETTER_PROCESSES": "1",
    }
    log = open(tmp_path / "worker.log", "ab")  # noqa: ASYNC230 - a log file for both workers
    ids = await seed(sessions, employees_per_manager=PEOPLE // 10, managers=10)
    year = today().year
    client = await connect(temporal_settings["temporal_address"], temporal_settings["temporal_namespace"])
    worker = spawn_worker(env, log)
    try:
        async with tenant_transaction(sessions, TENANT) as s:
            rnd = await service.open_round(
                s,
                HR,
                year=year,
                guidelines="Motiveer elk onderdeel SMART, met voorbeelden uit het jaar.",
                deadline=date(year, 12, 31),
                reminder_days=[],
                origin=None,
            )
        async with tenant_transaction(sessions, TENANT) as s:
            handle = await start_round(s, client, queue, TENANT, rnd.id, letter_batch=10)
        for _ in range(600):
            if (await counts(sessions, rnd.id))[1] == "deciding":
                break
            await asyncio.sleep(0.1)
        async with tenant_transaction(sessions, TENANT) as s:
            todo = await RoundRepository(s).decisions(rnd.id, page=PageRequest(None, 1000))
        assert len(todo) == PEOPLE - 1  # one is at the maximum
        for d in todo:
            m = ids["managers"].index(d.manager_id)
            await decide(sessions, manager(m), d, "yes")
        async with tenant_transaction(sessions, TENANT) as s:
            current = await RoundRepository(s).get(rnd.id)
            await service.approve(s, HR, year, current.version, None)
        await handle.signal("approve")

        # Kill the worker in the middle of the letters.
        for _ in range(600):
            made, _ = await counts(sessions, rnd.id)
            if made >= 40:
                break
            await asyncio.sleep(0.05)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        made_at_kill, status = await counts(sessions, rnd.id)
        assert 40 <= made_at_kill < PEOPLE - 1 and status == "approved", (made_at_kill, status)

        worker = spawn_worker(env, log)
        for _ in range(1200):
            made, status = await counts(sessions, rnd.id)
            if status == "letters_sent":
                break
            await asyncio.sleep(0.1)
        assert status == "letters_sent", (made, status)
        async with tenant_transaction(sessions, TENANT) as s:
            per_employee = (
                await s.execute(
                    select(decisions.c.employee_id, func.count()).group_by(decisions.c.employee_id)
                )
            ).all()
            versions = (
                await s.execute(
                    select(
                        func.count(distinct(func.concat(letters.c.decision_id, letters.c.decision_version)))
                    )
                )
            ).scalar()
            total = (await s.execute(select(func.count()).select_from(letters))).scalar()
            issued = (
                await s.execute(
                    select(
                        func.count(distinct(outbox.c.envelope["data"]["decision_id"].astext)), func.count()
                    ).where(outbox.c.type == "nl.dialoog.salaris.letter.issued.v1")
                )
            ).one()
        assert len(per_employee) == PEOPLE - 1 and all(n == 1 for _, n in per_employee)
        assert total == versions == PEOPLE - 1
        assert tuple(issued) == (PEOPLE - 1, PEOPLE - 1)
    finally:
        with contextlib.suppress(Exception):
            await client.get_workflow_handle(f"salary-round:{TENANT}:{year}").terminate("test done")
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=20)
        log.close()
        await engine.dispose()
