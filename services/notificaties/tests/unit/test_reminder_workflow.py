"""The reminder workflow in Temporal's time-skipping test server, with a tick that stands in for
notificaties' tables and applies the real domain rule (ADR 0030): it sleeps to each moment (08:00
Amsterdam) and not a minute less, sends each once, wakes early on a signal and stops when the
subject is fulfilled, looks again at least daily (so changed offsets are picked up), works in the
business clock's time when it is pinned (an offset), and a cycle year goes on as the next year."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from temporalio import activity
from temporalio.worker import Worker

from dialoog.notificaties.domain import reminders as r
from dialoog.notificaties.workflows.reminders import (
    TICK,
    NotificatiesReminder,
    ReminderInput,
    TickResult,
)
from dialoog.testing.temporal import time_skipping


@pytest.fixture
async def env():
    async with time_skipping() as environment:
        yield environment


class Subject:
    """One subject's rows: its moments, what was handled, whether it is fulfilled."""

    def __init__(self, anchor: date, offsets: list[int], known_at: datetime) -> None:
        self.anchor, self.offsets, self.known_at = anchor, offsets, known_at
        self.handled: dict[str, str] = {}
        self.sent_at: dict[str, datetime] = {}
        self.closed = False
        self.ticks: list[datetime] = []

    def tick(self, now: datetime) -> TickResult:
        self.ticks.append(now)
        if self.closed:
            return TickResult(None)
        d = r.decide(r.moments(self.anchor, self.offsets), self.known_at, now, set(self.handled))
        for moment, fate in d.skipped:
            self.handled[moment.key] = fate
        if d.send:
            self.handled[d.send.key] = "sent"
            self.sent_at[d.send.key] = now
        return TickResult(d.next_at.isoformat() if d.next_at else None, d.send.key if d.send else None)


async def start(env, subject: Subject, inp: ReminderInput):
    @activity.defn(name=TICK)
    async def tick(_inp: ReminderInput, now: str) -> TickResult:
        return subject.tick(datetime.fromisoformat(now))

    queue = f"reminders-unit-{uuid.uuid4().hex[:6]}"
    worker = Worker(env.client, task_queue=queue, workflows=[NotificatiesReminder], activities=[tick])
    return worker, queue


async def test_it_sleeps_to_each_moment_sends_it_once_and_ends_after_the_last(env):
    begin = await env.get_current_time()
    anchor = (begin + timedelta(days=10)).date()
    subject = Subject(anchor, [-7, -2], begin)
    inp = ReminderInput("bel", "feedback_deadline", "req-1")
    worker, queue = await start(env, subject, inp)
    async with worker:
        sent = await env.client.execute_workflow(
            NotificatiesReminder.run, inp, id=f"w-{queue}", task_queue=queue
        )
    assert sent == ["-7d", "-2d"]
    for key, offset in (("-7d", -7), ("-2d", -2)):
        due = r.moment_on(anchor + timedelta(days=offset))
        assert due <= subject.sent_at[key] < due + timedelta(minutes=1), "at its moment, not before"
    gaps = [b - a for a, b in zip(subject.ticks, subject.ticks[1:], strict=False)]
    assert max(gaps) <= timedelta(days=1, minutes=1), "it looks again at least once a day"


async def test_a_signal_wakes_it_and_a_fulfilled_subject_ends_it_without_a_reminder(env):
    begin = await env.get_current_time()
    subject = Subject((begin + timedelta(days=20)).date(), [-7], begin)
    inp = ReminderInput("bel", "objection_term", "salaris-1")
    worker, queue = await start(env, subject, inp)
    async with worker:
        handle = await env.client.start_workflow(
            NotificatiesReminder.run, inp, id=f"w-{queue}", task_queue=queue
        )
        await env.sleep(timedelta(days=2))
        subject.closed = True  # the employee objected
        await handle.signal(NotificatiesReminder.wake)
        assert await handle.result() == []
    assert subject.sent_at == {}
    assert subject.ticks[-1] - subject.ticks[0] < timedelta(days=3), "woken, not at the moment"


async def test_offsets_changed_while_it_sleeps_are_picked_up_within_a_day(env):
    begin = await env.get_current_time()
    anchor = (begin + timedelta(days=30)).date()
    subject = Subject(anchor, [-3], begin)
    inp = ReminderInput("bel", "objection_term", "salaris-2")
    worker, queue = await start(env, subject, inp)
    async with worker:
        handle = await env.client.start_workflow(
            NotificatiesReminder.run, inp, id=f"w-{queue}", task_queue=queue
        )
        await env.sleep(timedelta(days=5))
        subject.offsets = [-20, -3]  # the tenant admin adds a reminder 20 days before
        assert await handle.result() == ["-20d", "-3d"]
    due = r.moment_on(anchor - timedelta(days=20))
    assert due <= subject.sent_at["-20d"] < due + timedelta(minutes=1)


async def test_a_pinned_business_clock_moves_the_moments_by_its_offset(env):
    begin = await env.get_current_time()
    shift = timedelta(days=100)  # the business day is 100 days after Temporal's
    anchor = (begin + shift + timedelta(days=4)).date()
    subject = Subject(anchor, [-1], begin + shift)
    inp = ReminderInput("bel", "feedback_deadline", "req-2", clock_offset_seconds=int(shift.total_seconds()))
    worker, queue = await start(env, subject, inp)
    async with worker:
        assert await env.client.execute_workflow(
            NotificatiesReminder.run, inp, id=f"w-{queue}", task_queue=queue
        ) == ["-1d"]
    due = r.moment_on(anchor - timedelta(days=1))
    assert due <= subject.sent_at["-1d"] < due + timedelta(minutes=1)


async def test_a_cycle_year_goes_on_as_the_next_year_from_1_january(env):
    begin = await env.get_current_time()
    year = begin.astimezone(r.AMSTERDAM).year
    seen: list[tuple[str, datetime]] = []

    @activity.defn(name=TICK)
    async def tick(inp: ReminderInput, now: str) -> TickResult:
        seen.append((inp.subject_id, datetime.fromisoformat(now)))
        if inp.subject_id == str(year + 1):
            raise RuntimeError("stop here: the next year started")  # the test has seen enough
        return TickResult(None)

    queue = f"reminders-unit-{uuid.uuid4().hex[:6]}"
    inp = ReminderInput("heemstede", "halfway_talk", str(year))
    async with Worker(env.client, task_queue=queue, workflows=[NotificatiesReminder], activities=[tick]):
        await env.client.start_workflow(NotificatiesReminder.run, inp, id=f"w-{queue}", task_queue=queue)
        for _ in range(400):
            if any(s == str(year + 1) for s, _ in seen):
                break
            await env.sleep(timedelta(days=1))
    next_year = [at for s, at in seen if s == str(year + 1)]
    assert next_year, f"no tick for {year + 1}: {seen}"
    new_year = datetime(year, 12, 31, 23, 0, tzinfo=UTC)  # 1 January 00:00 in Amsterdam
    assert new_year <= next_year[0] < new_year + timedelta(days=1, minutes=1)
