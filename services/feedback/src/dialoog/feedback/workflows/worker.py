"""The feedback Temporal worker: `python -m dialoog.feedback.workflows.worker`. Keeps the sweep's
Schedule (created or updated at start) and runs the sweep's workflow and activities."""

from __future__ import annotations

import asyncio

from temporalio.worker import Worker

from dialoog.feedback.settings import Settings
from dialoog.feedback.workflows.activities import SweepActivities
from dialoog.feedback.workflows.schedule import ensure_schedule
from dialoog.feedback.workflows.sweep import FeedbackSweep
from dialoog.kit.temporal_schedules import serve_worker


def build_worker(client, settings: Settings, sessions) -> Worker:
    return Worker(
        client,
        task_queue=settings.temporal_task_queue,
        workflows=[FeedbackSweep],
        activities=SweepActivities(sessions).all(),
        max_concurrent_activities=4,
    )


async def main() -> None:
    settings = Settings()
    await serve_worker(
        settings,
        name="feedback",
        build=lambda client, sessions: build_worker(client, settings, sessions),
        schedule=lambda client: ensure_schedule(client, settings),
        described=f"schedule {settings.sweep_schedule_id} every {settings.sweep_interval_seconds}s",
    )


if __name__ == "__main__":
    asyncio.run(main())
