"""The sweep's workflow in Temporal's time-skipping test server, with activities that stand in for
the database: every tenant is swept, a failing pass is retried (the backoff skipped), and a tenant
that keeps failing is reported without stopping the others. And the Schedule the worker keeps."""

import uuid
from datetime import timedelta

import pytest
from temporalio import activity
from temporalio.client import ScheduleOverlapPolicy
from temporalio.worker import Worker

from dialoog.feedback.settings import Settings
from dialoog.feedback.workflows.schedule import sweep_schedule
from dialoog.feedback.workflows.sweep import RETRY, SWEEP_TENANT, TENANTS, FeedbackSweep
from dialoog.feedback.workflows.types import SweepResult
from dialoog.testing.temporal import time_skipping


@pytest.fixture
async def env():
    async with time_skipping() as environment:
        yield environment


async def run_sweep(env, passes) -> SweepResult:
    attempts: dict[str, int] = {}

    @activity.defn(name=TENANTS)
    async def tenants() -> list[str]:
        return list(passes)

    @activity.defn(name=SWEEP_TENANT)
    async def sweep_tenant(tenant: str) -> dict[str, int]:
        attempts[tenant] = attempts.get(tenant, 0) + 1
        return passes[tenant](attempts[tenant])

    queue = f"feedback-unit-{uuid.uuid4().hex[:6]}"
    async with Worker(
        env.client, task_queue=queue, workflows=[FeedbackSweep], activities=[tenants, sweep_tenant]
    ):
        result = await env.client.execute_workflow(FeedbackSweep.run, id=f"sweep-{queue}", task_queue=queue)
    return result, attempts


def counts(expired: int, deleted: int):
    return lambda attempt: {"expired": expired, "answers_deleted": deleted}


def fails_first(times: int, expired: int):
    def run(attempt: int):
        if attempt <= times:
            raise RuntimeError("database gone for a moment")
        return {"expired": expired, "answers_deleted": 0}

    return run


def always_fails(attempt: int):
    raise RuntimeError("this tenant's pass keeps failing")


async def test_every_tenant_is_swept(env):
    result, attempts = await run_sweep(env, {"bel": counts(2, 5), "heemstede": counts(0, 0)})
    assert result.swept == {
        "bel": {"expired": 2, "answers_deleted": 5},
        "heemstede": {"expired": 0, "answers_deleted": 0},
    }
    assert result.failed == [] and attempts == {"bel": 1, "heemstede": 1}


async def test_a_failing_pass_is_retried(env):
    result, attempts = await run_sweep(env, {"bel": fails_first(2, 1)})
    assert result.swept == {"bel": {"expired": 1, "answers_deleted": 0}} and attempts == {"bel": 3}


async def test_a_tenant_that_keeps_failing_does_not_stop_the_others(env):
    result, attempts = await run_sweep(env, {"bel": always_fails, "heemstede": counts(1, 0)})
    assert result.failed == ["bel"] and attempts["bel"] == RETRY.maximum_attempts
    assert result.swept == {"heemstede": {"expired": 1, "answers_deleted": 0}}


def test_the_schedule_starts_the_sweep_on_the_interval_and_skips_overlaps():
    settings = Settings(
        sweep_interval_seconds=900, temporal_task_queue="feedback-x", sweep_schedule_id="fb-x"
    )
    schedule = sweep_schedule(settings)
    assert [i.every for i in schedule.spec.intervals] == [timedelta(minutes=15)]
    assert schedule.policy.overlap == ScheduleOverlapPolicy.SKIP
    assert schedule.action.workflow == "FeedbackSweep" and schedule.action.task_queue == "feedback-x"
    assert schedule.action.id == "fb-x"
