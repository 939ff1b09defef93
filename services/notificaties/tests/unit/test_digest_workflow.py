"""The digest run's workflow in Temporal's time-skipping test server, with activities that stand
in for the database: every tenant gets its run with the given moment, a failing tenant is retried
(the backoff skipped) and one that keeps failing is reported without stopping the others. And the
Schedule the worker keeps."""

import uuid
from datetime import timedelta

import pytest
from temporalio import activity
from temporalio.client import ScheduleOverlapPolicy
from temporalio.worker import Worker

from dialoog.notificaties.settings import Settings
from dialoog.notificaties.workflows.digests import SEND_TENANT, TENANTS, NotificatiesDigests
from dialoog.notificaties.workflows.schedule import digest_schedule
from dialoog.testing.temporal import time_skipping


@pytest.fixture
async def env():
    async with time_skipping() as environment:
        yield environment


async def run(env, outcomes, at=None):
    calls: list[tuple[str, str | None]] = []

    @activity.defn(name=TENANTS)
    async def tenants() -> list[str]:
        return list(outcomes)

    @activity.defn(name=SEND_TENANT)
    async def send_tenant(tenant: str, moment: str | None) -> int:
        calls.append((tenant, moment))
        return outcomes[tenant](sum(1 for c in calls if c[0] == tenant))

    queue = f"notificaties-unit-{uuid.uuid4().hex[:6]}"
    async with Worker(
        env.client, task_queue=queue, workflows=[NotificatiesDigests], activities=[tenants, send_tenant]
    ):
        result = await env.client.execute_workflow(
            NotificatiesDigests.run, at, id=f"d-{queue}", task_queue=queue
        )
    return result, calls


def sends(n):
    return lambda attempt: n


def fails_first(times, n):
    def go(attempt):
        if attempt <= times:
            raise RuntimeError("database gone for a moment")
        return n

    return go


def always_fails(attempt):
    raise RuntimeError("this tenant's database is broken")


async def test_every_tenant_gets_its_run_at_the_given_moment(env):
    result, calls = await run(env, {"bel": sends(2), "rijk": sends(0)}, "2026-12-02T07:00:00+00:00")
    assert result == {"bel": 2, "rijk": 0}
    assert calls == [("bel", "2026-12-02T07:00:00+00:00"), ("rijk", "2026-12-02T07:00:00+00:00")]


async def test_a_failing_tenant_is_retried_and_one_that_keeps_failing_does_not_stop_the_others(env):
    result, calls = await run(env, {"bel": fails_first(2, 1), "heemstede": always_fails, "rijk": sends(3)})
    assert result == {"bel": 1, "heemstede": -1, "rijk": 3}
    assert [c[0] for c in calls].count("bel") == 3 and [c[0] for c in calls].count("heemstede") == 5
    assert all(moment is None for _, moment in calls)  # the activity reads the business clock itself


def test_the_schedule_runs_every_quarter_of_an_hour_and_skips_an_overlap():
    schedule = digest_schedule(Settings())
    assert schedule.spec.intervals[0].every == timedelta(minutes=15)
    assert schedule.policy.overlap == ScheduleOverlapPolicy.SKIP
    assert schedule.action.task_queue == "notificaties"
