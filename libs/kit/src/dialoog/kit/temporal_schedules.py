"""A worker's Temporal Schedule and its process: what the feedback and notificaties workers share.

`interval_schedule` starts a workflow every so many seconds, one run at a time (a run still going
when the next is due makes the next one skip: the runs are idempotent, nothing is lost);
`ensure_schedule` creates it at start, or updates it to the worker's settings when it exists, so a
restart or a second worker changes nothing else. `serve_worker` is a worker process's `main`:
tracing, the database engine, the Temporal client, the Schedule, then the worker until SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
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
from temporalio.worker import Worker

from dialoog.kit.db import make_engine, make_sessionmaker
from dialoog.kit.telemetry import instrument_engine, setup_tracing
from dialoog.kit.temporal import connect


def interval_schedule(
    run: Any, *, schedule_id: str, task_queue: str, every_seconds: float, execution_timeout: timedelta
) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            run,
            id=schedule_id,  # the schedule appends the time of each run
            task_queue=task_queue,
            execution_timeout=execution_timeout,
        ),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(seconds=every_seconds))]),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


async def ensure_schedule(client: Client, schedule_id: str, schedule: Schedule) -> ScheduleHandle:
    try:
        return await client.create_schedule(schedule_id, schedule)
    except ScheduleAlreadyRunningError:
        handle = client.get_schedule_handle(schedule_id)

        def update(_: ScheduleUpdateInput) -> ScheduleUpdate:
            return ScheduleUpdate(schedule=schedule)

        await handle.update(update)
        return handle


async def serve_worker(
    settings: Any,  # a service's settings with temporal_address, _namespace and _task_queue
    *,
    name: str,
    build: Callable[[Client, async_sessionmaker], Worker],
    schedule: Callable[[Client], Any],
    described: str,
) -> None:
    """Run the worker `build` makes until SIGTERM/SIGINT, after `schedule(client)` has made sure
    of its Schedule; `described` is the start line's detail."""
    log = logging.getLogger(f"dialoog.{name}.worker")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    setup_tracing(settings)
    engine = make_engine(settings)
    instrument_engine(engine)
    client = await connect(settings.temporal_address, settings.temporal_namespace)
    await schedule(client)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    worker = build(client, make_sessionmaker(engine))
    log.info("%s worker on task queue %s (%s)", name, settings.temporal_task_queue, described)
    async with worker:
        await stop.wait()
    await engine.dispose()
