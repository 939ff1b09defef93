"""The notificaties Temporal worker: `python -m dialoog.notificaties.workflows.worker`. Keeps the
digest Schedule (created or updated at start) and runs the digest workflow and activities, and the
reminder workflows (one per subject, ADR 0030)."""

from __future__ import annotations

import asyncio
import logging

from temporalio.worker import Worker

from dialoog.kit.db import make_engine, make_sessionmaker
from dialoog.kit.temporal_schedules import serve_worker
from dialoog.notificaties.service.context import Context
from dialoog.notificaties.service.reminder_starter import start_open
from dialoog.notificaties.settings import Settings
from dialoog.notificaties.workflows.activities import DigestActivities
from dialoog.notificaties.workflows.digests import NotificatiesDigests
from dialoog.notificaties.workflows.reminder_activities import ReminderActivities
from dialoog.notificaties.workflows.reminders import NotificatiesReminder
from dialoog.notificaties.workflows.schedule import ensure_schedule

log = logging.getLogger("dialoog.notificaties.worker")


def build_worker(client, settings: Settings, sessions) -> Worker:
    return Worker(
        client,
        task_queue=settings.temporal_task_queue,
        workflows=[NotificatiesDigests, NotificatiesReminder],
        activities=[
            *DigestActivities(sessions, Context.of(settings)).all(),
            *ReminderActivities(sessions, Context.of(settings)).all(),
        ],
        max_concurrent_activities=4,
    )


async def prepare(client, settings: Settings) -> None:
    """The digest Schedule, and every open reminder subject's workflow (one that the consumer could
    not start while Temporal was out of reach is started now, ADR 0030)."""
    await ensure_schedule(client, settings)
    engine = make_engine(settings)
    try:
        started = await start_open(client, settings, make_sessionmaker(engine))
    finally:
        await engine.dispose()
    log.info("reminder workflows of %d open subject(s) started or woken", started)


async def main() -> None:
    settings = Settings()
    await serve_worker(
        settings,
        name="notificaties",
        build=lambda client, sessions: build_worker(client, settings, sessions),
        schedule=lambda client: prepare(client, settings),
        described=f"schedule {settings.digest_schedule_id} every {settings.digest_interval_seconds}s",
    )


if __name__ == "__main__":
    asyncio.run(main())
