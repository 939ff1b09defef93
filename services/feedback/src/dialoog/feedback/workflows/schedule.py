"""The Temporal Schedule that starts the sweep every `sweep_interval_seconds`, one per deployment
(`sweep_schedule_id` in the worker's namespace). The worker creates it at start, or updates it to
its settings when it exists, so a restart or a second worker changes nothing else. A run still
going when the next is due makes the next one skip (the pass is idempotent; nothing is lost)."""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import Client, Schedule, ScheduleHandle

from dialoog.feedback.settings import Settings
from dialoog.feedback.workflows.sweep import FeedbackSweep
from dialoog.kit import temporal_schedules


def sweep_schedule(settings: Settings) -> Schedule:
    return temporal_schedules.interval_schedule(
        FeedbackSweep.run,
        schedule_id=settings.sweep_schedule_id,
        task_queue=settings.temporal_task_queue,
        every_seconds=settings.sweep_interval_seconds,
        execution_timeout=timedelta(hours=1),
    )


async def ensure_schedule(client: Client, settings: Settings) -> ScheduleHandle:
    return await temporal_schedules.ensure_schedule(
        client, settings.sweep_schedule_id, sweep_schedule(settings)
    )
