"""The Temporal Schedule that starts the digest run every `digest_interval_seconds` (a quarter of
an hour by default, so a digest leaves within that of its hour), one per deployment. The worker
creates it at start, or updates it to its settings when it exists. A run still going when the next
is due makes the next one skip (the run is idempotent; nothing is lost)."""

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

from dialoog.notificaties.settings import Settings
from dialoog.notificaties.workflows.digests import NotificatiesDigests


def digest_schedule(settings: Settings) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            NotificatiesDigests.run,
            id=settings.digest_schedule_id,  # the schedule appends the time of each run
            task_queue=settings.temporal_task_queue,
            execution_timeout=timedelta(hours=1),
        ),
        spec=ScheduleSpec(
            intervals=[ScheduleIntervalSpec(every=timedelta(seconds=settings.digest_interval_seconds))]
        ),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


async def ensure_schedule(client: Client, settings: Settings) -> ScheduleHandle:
    schedule = digest_schedule(settings)
    try:
        return await client.create_schedule(settings.digest_schedule_id, schedule)
    except ScheduleAlreadyRunningError:
        handle = client.get_schedule_handle(settings.digest_schedule_id)

        def update(_: ScheduleUpdateInput) -> ScheduleUpdate:
            return ScheduleUpdate(schedule=schedule)

        await handle.update(update)
        return handle
