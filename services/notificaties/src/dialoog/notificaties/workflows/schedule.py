"""The Temporal Schedule that starts the digest run every `digest_interval_seconds` (a quarter of
an hour by default, so a digest leaves within that of its hour), one per deployment. The worker
creates it at start, or updates it to its settings when it exists. A run still going when the next
is due makes the next one skip (the run is idempotent; nothing is lost)."""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import Client, Schedule, ScheduleHandle

from dialoog.kit import temporal_schedules
from dialoog.notificaties.settings import Settings
from dialoog.notificaties.workflows.digests import NotificatiesDigests


def digest_schedule(settings: Settings) -> Schedule:
    return temporal_schedules.interval_schedule(
        NotificatiesDigests.run,
        schedule_id=settings.digest_schedule_id,
        task_queue=settings.temporal_task_queue,
        every_seconds=settings.digest_interval_seconds,
        execution_timeout=timedelta(hours=1),
    )


async def ensure_schedule(client: Client, settings: Settings) -> ScheduleHandle:
    return await temporal_schedules.ensure_schedule(
        client, settings.digest_schedule_id, digest_schedule(settings)
    )
