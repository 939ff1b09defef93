"""The notificaties Temporal worker: `python -m dialoog.notificaties.workflows.worker`. Keeps the
digest Schedule (created or updated at start) and runs the digest workflow and activities."""

from __future__ import annotations

import asyncio
import logging
import signal

from temporalio.worker import Worker

from dialoog.kit.db import make_engine, make_sessionmaker
from dialoog.kit.telemetry import instrument_engine, setup_tracing
from dialoog.kit.temporal import connect
from dialoog.notificaties.service.context import Context
from dialoog.notificaties.settings import Settings
from dialoog.notificaties.workflows.activities import DigestActivities
from dialoog.notificaties.workflows.digests import NotificatiesDigests
from dialoog.notificaties.workflows.schedule import ensure_schedule

log = logging.getLogger("dialoog.notificaties.worker")


def build_worker(client, settings: Settings, sessions) -> Worker:
    return Worker(
        client,
        task_queue=settings.temporal_task_queue,
        workflows=[NotificatiesDigests],
        activities=DigestActivities(sessions, Context.of(settings)).all(),
        max_concurrent_activities=4,
    )


async def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings()
    setup_tracing(settings)
    engine = make_engine(settings)
    instrument_engine(engine)
    client = await connect(settings.temporal_address, settings.temporal_namespace)
    await ensure_schedule(client, settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    worker = build_worker(client, settings, make_sessionmaker(engine))
    log.info(
        "notificaties worker on task queue %s (schedule %s every %ss)",
        settings.temporal_task_queue,
        settings.digest_schedule_id,
        settings.digest_interval_seconds,
    )
    async with worker:
        await stop.wait()
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
