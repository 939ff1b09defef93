"""The Temporal Schedule that starts the sweep every `sweep_interval_seconds`, one per deployment
(`sweep_schedule_id` in the worker's namespace). The worker creates it at start, or updates it to
its settings when it exists, so a restart or a second worker changes nothing else. A run still
going when the next is due makes the next one skip (the pass is idempotent; nothing is lost)."""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleHandle,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)

from dialoog.feedback.settings import Settings
from dialoog.feedback.workflows.sweep import FeedbackSweep


def sweep_schedule(settings: Settings) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            FeedbackSweep.run,
            id=settings.sweep_schedule_id,  # the schedule appends the time of each run
            task_queue=settings.temporal_task_queue,
            execution_timeout=timedelta(hours=1),
        ),
        spec=ScheduleSpec(
            intervals=[ScheduleIntervalSpec(every=timedelta(seconds=settings.sweep_interval_seconds))]
        ),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


async def ensure_schedule(client: Client, settings: Settings) -> ScheduleHandle:
    schedule = sweep_schedule(settings)
    try:
        return await client.create_schedule(settings.sweep_schedule_id, schedule)
    except ScheduleAlreadyRunningError:
        handle = client.get_schedule_handle(settings.sweep_schedule_id)

        def update(_: ScheduleUpdateInput) -> ScheduleUpdate:
            return ScheduleUpdate(schedule=schedule)

        await handle.update(update)
        return handle
