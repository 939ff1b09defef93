"""A whole round in Temporal's time-skipping test server, on real PostgreSQL: guidelines, the
tasks, a reminder already past when the round opens (skipped, ADR 0013), two reminders, the deadline
with escalation to HR, approval, the letters, 1 January and the end of the objection term, in
seconds. A round opened late, in January, applies its raises from 1 January at once. Then the
history is replayed against the current code, and so are the histories stored in tests/histories
(a non-deterministic change fails here).

Every date comes from the business clock (`pytest --today`); the time-skipping server starts at the
real time, and the workflow adds the clock's offset (its input), so the test skips to business
moments minus that offset."""

import asyncio
import json
import os
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from temporalio.client import Client, WorkflowHistory
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.worker import Replayer

from dialoog.kit import clock
from dialoog.kit.clock import dutch_date, dutch_moment, today
from dialoog.kit.db import make_engine, make_sessionmaker, tenant_transaction
from dialoog.kit.objections import last_day as objection_last_day
from dialoog.kit.pagination import PageRequest
from dialoog.salaris.persistence.rounds import RoundRepository
from dialoog.salaris.persistence.tables import decisions, employee_steps, outbox
from dialoog.salaris.service import rounds as service
from dialoog.salaris.workflows.interceptors import TenantInterceptor
from dialoog.salaris.workflows.starter import start_round
from dialoog.salaris.workflows.types import Progress
from dialoog.salaris.workflows.worker import build_worker
from dialoog.salaris.workflows.workflows import SalaryRound
from dialoog.testing.temporal import time_skipping

from .seeding import HR, TENANT, decide, manager, seed

HISTORIES = Path(__file__).parent.parent / "histories"


async def poll(sessions, check, what: str, tries: int = 300):
    for _ in range(tries):
        async with tenant_transaction(sessions, TENANT) as s:
            value = await check(s)
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"waited in vain for {what}")


async def events(s, kind: str) -> list[dict]:
    rows = await s.execute(select(outbox.c.envelope).where(outbox.c.type == f"nl.dialoog.salaris.{kind}.v1"))
    return [r[0]["data"] for r in rows]


async def status(s, round_id):
    return (await RoundRepository(s).get(round_id)).status


@pytest.fixture
async def env():
    """A fresh time-skipping server per test: its clock only moves forward."""
    async with time_skipping() as environment:
        yield environment


async def test_a_whole_round_in_skipped_time(env, service_settings, test_databases):
    settings = service_settings("salaris", database_url=test_databases("salaris", label="timeskip")["app"])
    engine = make_engine(settings)
    sessions = make_sessionmaker(engine)
    client = Client(
        env.client.service_client,
        namespace=env.client.namespace,
        interceptors=[TracingInterceptor(), TenantInterceptor()],
    )
    queue = f"ts-{uuid.uuid4().hex[:6]}"
    ids = await seed(sessions)
    year, deadline = round_year_and_deadline(days_ahead=20)
    async with tenant_transaction(sessions, TENANT) as s:
        rnd = await service.open_round(
            s,
            HR,
            year=year,
            guidelines="Motiveer elk onderdeel SMART, met voorbeelden uit het jaar.",
            deadline=deadline,
            reminder_days=[30, 14, 3],  # 30 days before lies before the opening: skipped
            origin=None,
        )
    round_id = rnd.id
    async with build_worker(
        client, settings.model_copy(update={"temporal_task_queue": queue}), sessions, None
    ):
        async with tenant_transaction(sessions, TENANT) as s:
            handle = await start_round(
                s, client, queue, TENANT, round_id, assign_batch=5, letter_batch=4, apply_batch=7
            )
        # Starting it again finds the same round.
        async with tenant_transaction(sessions, TENANT) as s:
            again = await start_round(s, client, queue, TENANT, round_id)
        assert again.id == handle.id == f"salary-round:{TENANT}:{year}"

        await poll(sessions, lambda s: _is(s, round_id, "deciding"), "the tasks")
        async with tenant_transaction(sessions, TENANT) as s:
            assigned = await events(s, "round.tasks_assigned")
            assert sorted(e["count"] for e in assigned) == [5, 6, 6]  # e1 is at the maximum
            all_decisions = await RoundRepository(s).decisions(round_id, page=PageRequest(None, 100))
        # Manager 0 decides all of theirs; manager 1 none; manager 2 half.
        by_manager = {i: [d for d in all_decisions if d.manager_id == ids["managers"][i]] for i in range(3)}
        for i, chosen in ((0, by_manager[0]), (2, by_manager[2][:3])):
            for d in chosen:
                await decide(sessions, manager(i), d, "yes")

        # The reminder of 30 days before lay before the announcement: recorded as skipped, no event.
        await poll(sessions, lambda s: _reminder_is(s, round_id, deadline - timedelta(days=30)), "the skip")
        async with tenant_transaction(sessions, TENANT) as s:
            assert await events(s, "round.reminder_due") == []
            [skipped] = (await service.progress(s, HR, year, None))["reminders"][:1]
        assert skipped["status"] == "skipped_announced" and skipped["days_before"] == 30

        # Two reminders, to the managers with work left: 14 and 3 days before the deadline, at
        # 08:00 in the Netherlands (not a minute before).
        await skip_to(env, dutch_moment(deadline - timedelta(days=14), 7, 55))
        await asyncio.sleep(0.5)
        async with tenant_transaction(sessions, TENANT) as s:
            assert await events(s, "round.reminder_due") == []
        await skip_to(env, dutch_moment(deadline - timedelta(days=14), 8, 5))
        first = await poll(sessions, lambda s: _events_n(s, "round.reminder_due", 2), "the first reminder")
        assert {e["manager_id"] for e in first} == {str(ids["managers"][1]), str(ids["managers"][2])}
        assert {e["open"] for e in first} == {6, 3} and {e["days_left"] for e in first} == {14}
        await skip_to(env, dutch_moment(deadline - timedelta(days=3), 8, 5))
        await poll(sessions, lambda s: _events_n(s, "round.reminder_due", 4), "the second reminder")
        async with tenant_transaction(sessions, TENANT) as s:
            shown = (await service.progress(s, HR, year, None))["reminders"]
        assert [(r["days_before"], r["status"], r["managers"]) for r in shown] == [
            (30, "skipped_announced", 0),
            (14, "sent", 2),
            (3, "sent", 2),
        ]
        assert dutch_date(shown[1]["recorded_at"]) == deadline - timedelta(days=14)

        # The deadline passes (midnight in the Netherlands): what is open goes to HR.
        await skip_to(env, dutch_moment(deadline + timedelta(days=1), 0, 30))
        await poll(sessions, lambda s: _is(s, round_id, "escalated"), "the escalation")
        async with tenant_transaction(sessions, TENANT) as s:
            [escalation] = await events(s, "round.escalated")
            assert escalation["open"] == 9
            progress = await handle.query("progress", result_type=Progress)
            assert progress.stage == "escalated" and progress.escalated == 9
            open_ = await RoundRepository(s).decisions(round_id, status="open", page=PageRequest(None, 100))
        for n, d in enumerate(open_):
            await decide(sessions, HR, d, "no" if n % 3 == 0 else "yes")
        async with tenant_transaction(sessions, TENANT) as s:
            rnd = await RoundRepository(s).get(round_id)
            await service.approve(s, HR, year, rnd.version, None)
        await handle.signal("approve")
        await poll(sessions, lambda s: _is(s, round_id, "letters_sent"), "the letters")
        async with tenant_transaction(sessions, TENANT) as s:
            assert await RoundRepository(s).letter_count(round_id) == 17
            assert len(await events(s, "letter.issued")) == 17

        # 1 January: the raises take effect, once, and payroll hears of each (a round whose
        # objection term ended before 1 January closes at once).
        await skip_to(env, dutch_moment(date(year + 1, 1, 1), 0, 30))
        await poll(sessions, lambda s: _past(s, round_id, "applied"), "1 January")
        async with tenant_transaction(sessions, TENANT) as s:
            raised = (
                await s.execute(
                    select(func.count())
                    .select_from(employee_steps)
                    .where(employee_steps.c.valid_from == date(year + 1, 1, 1))
                )
            ).scalar()
            increases = await events(s, "step.increased")
            yes = (
                await s.execute(
                    select(func.count()).select_from(decisions).where(decisions.c.outcome == "yes")
                )
            ).scalar()
        assert raised == yes == len(increases) == 14
        assert all(
            e["effective_on"] == f"{year + 1}-01-01" and e["new_step"] == e["old_step"] + 1 for e in increases
        )

        # The objection term ends (six weeks after the letters): the round closes.
        async with tenant_transaction(sessions, TENANT) as s:
            last_day = await RoundRepository(s).last_objection_deadline(round_id)
        # Six weeks after the letters (sent the day after the deadline), or the next working day.
        assert last_day == objection_last_day(deadline + timedelta(days=1))
        assert last_day - (deadline + timedelta(days=1)) >= timedelta(weeks=6)
        if last_day >= date(year + 1, 1, 1):
            await skip_to(env, dutch_moment(last_day, 23, 0))
            await asyncio.sleep(0.5)
            async with tenant_transaction(sessions, TENANT) as s:
                assert await status(s, round_id) == "applied"  # the term's last day is not over yet
            await skip_to(env, dutch_moment(last_day + timedelta(days=1), 0, 30))
        result = await client.get_workflow_handle_for(SalaryRound.run, handle.id).result()
        assert result.stage == "closed" and result.applied == 17 and result.letters == 17
        async with tenant_transaction(sessions, TENANT) as s:
            assert await status(s, round_id) == "closed"
            assert (
                await s.execute(select(func.count()).select_from(decisions).where(~decisions.c.final))
            ).scalar() == 0

        history = await handle.fetch_history()
        await Replayer(
            workflows=[SalaryRound], interceptors=[TracingInterceptor(), TenantInterceptor()]
        ).replay_workflow(history)
        if record := os.environ.get("DIALOOG_RECORD_HISTORIES"):  # 1, or the file's name
            HISTORIES.mkdir(exist_ok=True)
            (HISTORIES / f"{'salary_round_full' if record == '1' else record}.json").write_text(
                json.dumps(json.loads(history.to_json()), indent=1)
            )
    await engine.dispose()


def on_time_skipping(env, service_settings, test_databases, label: str):
    """salaris's settings on a database of its own, and a client and task queue on the
    time-skipping server."""
    settings = service_settings("salaris", database_url=test_databases("salaris", label=label)["app"])
    engine = make_engine(settings)
    client = Client(
        env.client.service_client, namespace=env.client.namespace, interceptors=[TenantInterceptor()]
    )
    return settings, engine, make_sessionmaker(engine), client, f"{label}-{uuid.uuid4().hex[:6]}"


async def all_yes_and_approved(sessions, ids, round_id, year, handle) -> list:
    """Each manager decides yes for all of theirs; HR approves and signals the workflow."""
    async with tenant_transaction(sessions, TENANT) as s:
        todo = await RoundRepository(s).decisions(round_id, page=PageRequest(None, 100))
    for d in todo:
        await decide(sessions, manager(ids["managers"].index(d.manager_id)), d, "yes")
    async with tenant_transaction(sessions, TENANT) as s:
        current = await RoundRepository(s).get(round_id)
        await service.approve(s, HR, year, current.version, None)
    await handle.signal("approve")
    return todo


def round_year_and_deadline(days_ahead: int) -> tuple[int, date]:
    """This year's round with a deadline `days_ahead` from today; so late in December that the
    deadline would pass 1 January, next year's round (opened early) instead."""
    deadline = today() + timedelta(days=days_ahead)
    year = today().year
    return (year, deadline) if deadline < date(year + 1, 1, 1) else (year + 1, deadline)


async def skip_to(env, moment: datetime) -> None:
    """Skip the test server's time to the business `moment` (minus the business clock's offset,
    which the workflow adds again)."""
    target = moment - clock.offset()
    now = await env.get_current_time()
    if target > now:
        await env.sleep(target - now)


async def _reminder_is(s, round_id, day):
    return await RoundRepository(s).reminder(round_id, day) is not None


async def _is(s, round_id, wanted):
    return await status(s, round_id) == wanted


async def _past(s, round_id, wanted):
    """At `wanted` or beyond it (a round may pass a stage at once)."""
    order = ["opening", "deciding", "escalated", "approved", "letters_sent", "applied", "closed"]
    return order.index(await status(s, round_id)) >= order.index(wanted)


async def _events_n(s, kind, n):
    found = await events(s, kind)
    return found if len(found) >= n else None


async def test_a_round_opened_late_in_january_raises_from_1_january_at_once(
    env, service_settings, test_databases
):
    """The round of last year opened in the first week of January (its reference date, 1 January,
    has passed): its deadline may lie after the reference date, and once the letters are out the
    raises take effect from 1 January at once, retroactively, without waiting a year."""
    settings, engine, sessions, client, queue = on_time_skipping(
        env, service_settings, test_databases, "late"
    )
    january = date(today().year + 1, 1, 6)  # the first Wednesday or so after New Year
    with clock.pinned(january):
        year, reference = january.year - 1, date(january.year, 1, 1)
        ids = await seed(sessions, employees_per_manager=2, managers=2, year=year)
        async with tenant_transaction(sessions, TENANT) as s:
            rnd = await service.open_round(
                s,
                HR,
                year=year,
                guidelines="Motiveer elk onderdeel SMART, met voorbeelden uit het jaar.",
                deadline=january + timedelta(days=14),
                reminder_days=[3],
                origin=None,
            )
        assert rnd.reference_date == reference
        async with build_worker(
            client, settings.model_copy(update={"temporal_task_queue": queue}), sessions, None
        ):
            async with tenant_transaction(sessions, TENANT) as s:
                handle = await start_round(s, client, queue, TENANT, rnd.id)
            await poll(sessions, lambda s: _is(s, rnd.id, "deciding"), "the tasks")
            todo = await all_yes_and_approved(sessions, ids, rnd.id, year, handle)
            await poll(sessions, lambda s: _is(s, rnd.id, "applied"), "the raises, without waiting a year")
            async with tenant_transaction(sessions, TENANT) as s:
                increases = await events(s, "step.increased")
                letters_sent = {e["sent_on"] for e in await events(s, "letter.issued")}
            assert len(increases) == len(todo) == 3  # one of the four is at the maximum
            assert {e["effective_on"] for e in increases} == {reference.isoformat()}
            assert letters_sent == {january.isoformat()}
            await handle.terminate("test done")
    await engine.dispose()


@pytest.mark.parametrize("path", sorted(HISTORIES.glob("*.json")), ids=lambda p: p.stem)
async def test_stored_histories_replay_on_the_current_code(path):
    history = WorkflowHistory.from_json("salary-round", path.read_text())
    await Replayer(
        workflows=[SalaryRound], interceptors=[TracingInterceptor(), TenantInterceptor()]
    ).replay_workflow(history)


async def test_a_round_that_continues_as_new_resumes_where_it_stood(env, service_settings, test_databases):
    """Long rounds start afresh (continue-as-new) mid-loop; the new run picks up the cursor and
    the stage, and the round ends as one: every decision, letter and raise exactly once."""
    settings, engine, sessions, client, queue = on_time_skipping(env, service_settings, test_databases, "can")
    ids = await seed(sessions, employees_per_manager=4)
    year, deadline = round_year_and_deadline(days_ahead=5)
    async with tenant_transaction(sessions, TENANT) as s:
        rnd = await service.open_round(
            s,
            HR,
            year=year,
            guidelines="Motiveer elk onderdeel SMART, met voorbeelden uit het jaar.",
            deadline=deadline,
            reminder_days=[],
            origin=None,
        )
    async with build_worker(
        client, settings.model_copy(update={"temporal_task_queue": queue}), sessions, None
    ):
        async with tenant_transaction(sessions, TENANT) as s:
            handle = await start_round(
                s,
                client,
                queue,
                TENANT,
                rnd.id,
                assign_batch=2,
                letter_batch=2,
                apply_batch=2,
                continue_every=2,
            )
        await poll(sessions, lambda s: _is(s, rnd.id, "deciding"), "the tasks")
        todo = await all_yes_and_approved(sessions, ids, rnd.id, year, client.get_workflow_handle(handle.id))
        assert len(todo) == 11
        await poll(sessions, lambda s: _is(s, rnd.id, "letters_sent"), "the letters")
        await skip_to(env, dutch_moment(date(year + 1, 1, 1), 0, 30))
        await poll(sessions, lambda s: _past(s, rnd.id, "applied"), "1 January")
        async with tenant_transaction(sessions, TENANT) as s:
            last_day = await RoundRepository(s).last_objection_deadline(rnd.id)
        await skip_to(env, dutch_moment(last_day + timedelta(days=1), 0, 30))
        result = await client.get_workflow_handle_for(SalaryRound.run, handle.id).result()
        assert result.stage == "closed" and result.letters == 11 and result.applied == 11
        first = await client.get_workflow_handle(handle.id, run_id=handle.result_run_id).describe()
        assert first.status.name == "CONTINUED_AS_NEW"
        async with tenant_transaction(sessions, TENANT) as s:
            raised = (
                await s.execute(
                    select(func.count())
                    .select_from(employee_steps)
                    .where(employee_steps.c.valid_from == date(year + 1, 1, 1))
                )
            ).scalar()
            assert (
                raised == 11
                and len(await events(s, "letter.issued")) == 11
                and len(await events(s, "step.increased")) == 11
            )
    await engine.dispose()
