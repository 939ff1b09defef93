"""The salaris Temporal worker: `python -m dialoog.salaris.workflows.worker`. Runs the round's
workflow and activities; letters are rendered in a process pool."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from concurrent.futures import ProcessPoolExecutor

from temporalio.worker import Worker

from dialoog.kit.db import make_engine, make_sessionmaker
from dialoog.kit.telemetry import instrument_engine, setup_tracing
from dialoog.salaris.settings import Settings
from dialoog.salaris.workflows.activities import RoundActivities
from dialoog.salaris.workflows.starter import connect
from dialoog.salaris.workflows.workflows import SalaryRound

log = logging.getLogger("dialoog.salaris.worker")


def build_worker(client, settings: Settings, sessions, pool) -> Worker:
    activities = RoundActivities(sessions, pool)
    return Worker(
        client,
        task_queue=settings.temporal_task_queue,
        workflows=[SalaryRound],
        activities=activities.all(),
        max_concurrent_activities=8,
    )


async def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings()
    setup_tracing(settings)
    engine = make_engine(settings)
    instrument_engine(engine)
    sessions = make_sessionmaker(engine)
    processes = settings.letter_processes or os.cpu_count() or 1
    client = await connect(settings.temporal_address, settings.temporal_namespace)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    with ProcessPoolExecutor(max_workers=processes) as pool:
        worker = build_worker(client, settings, sessions, pool)
        log.info(
            "salaris worker on task queue %s (%d letter processes)", settings.temporal_task_queue, processes
        )
        async with worker:
            await stop.wait()
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
