"""Relay and consumer processes for crash tests: run as
`python -m dialoog.testing.event_processes relay|consumer ...`; with `--crash-at` they write a
marker file at that point and hang there, so the test can SIGKILL them exactly there.

The consumer's effect is a row in `test_scratch.effects` (a test-only schema, no uniqueness), so a
second application of one event would show as a second row."""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from dataclasses import replace
from pathlib import Path

import nats
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from dialoog.contracts.envelope import CloudEvent
from dialoog.kit.db import make_sessionmaker
from dialoog.kit.events.consumer import ConsumerSpec, EventConsumer
from dialoog.kit.events.relay import OutboxRelay
from dialoog.kit.events.streams import ensure_service_streams, stream_name
from dialoog.organisatie.persistence.tables import inbox, outbox

SCRATCH_SQL = [
    "create schema if not exists test_scratch",
    """create table if not exists test_scratch.effects (
        event_id text not null, tenant_id text not null, consumer text not null, name text,
        applied_at timestamptz not null default now())""",
]
POISON_NAME = (
    "poison-handler"  # an org unit whose name starts with this makes the test handler fail every time
)


def scratch_grants(app_role: str) -> list[str]:
    return [
        f"grant usage on schema test_scratch to {app_role}",
        f"grant select, insert on test_scratch.effects to {app_role}",
    ]


async def create_scratch(urls: dict[str, str], *, truncate: tuple[str, ...] = ()) -> None:
    """As the database's owner: the scratch schema the test handlers write their effects to, usable
    by the app role of `urls["app"]`; then empty the `truncate` tables (cascade), in one transaction."""
    owner = create_async_engine(urls["owner"])
    app_role = urls["app"].split("://", 1)[1].split(":", 1)[0]
    try:
        async with owner.begin() as conn:
            for sql in [*SCRATCH_SQL, *scratch_grants(app_role)]:
                await conn.execute(text(sql))
            if truncate:
                await conn.execute(text(f"truncate {', '.join(truncate)} cascade"))
    finally:
        await owner.dispose()


def make_handler(consumer: str, slow: float = 0.0, slow_name: str | None = None):
    async def handler(session: AsyncSession, event: CloudEvent, payload) -> None:
        name = getattr(payload, "name", None)
        if name and name.startswith(POISON_NAME):
            raise RuntimeError("this event always fails")
        if slow and (slow_name is None or name == slow_name):
            await asyncio.sleep(slow)
        await session.execute(
            text(
                "insert into test_scratch.effects (event_id, tenant_id, consumer, name) "
                "values (:id, :tenant, :consumer, :name)"
            ),
            {"id": event.id, "tenant": event.tenant, "consumer": consumer, "name": name},
        )

    return handler


def make_batch_handler(consumer: str):
    """The same effect as `make_handler`, for many events in one statement."""

    async def handler(session: AsyncSession, items) -> None:
        for _, payload in items:
            name = getattr(payload, "name", None)
            if name and name.startswith(POISON_NAME):
                raise RuntimeError("this event always fails")
        await session.execute(
            text(
                "insert into test_scratch.effects (event_id, tenant_id, consumer, name) "
                "values (:id, :tenant, :consumer, :name)"
            ),
            [
                {"id": e.id, "tenant": e.tenant, "consumer": consumer, "name": getattr(p, "name", None)}
                for e, p in items
            ],
        )

    return handler


def _mark(path: Path | None, text_: str) -> None:
    if path is not None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text_)
        tmp.rename(path)


class CrashingRelay(OutboxRelay):
    def __init__(self, *args, crash_at: str, marker: Path | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.crash_at = crash_at
        self.marker = marker

    async def before_publish(self, rows: list) -> None:
        if self.crash_at == "before_publish":
            _mark(self.marker, str(len(rows)))
            await asyncio.sleep(3600)

    async def after_publish(self, rows: list) -> None:
        if self.crash_at == "after_publish":
            _mark(self.marker, str(len(rows)))
            await asyncio.sleep(3600)


class CrashingConsumer(EventConsumer):
    def __init__(
        self, *args, crash_at: str, marker: Path | None, times: Path | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.crash_at = crash_at
        self.marker = marker
        self.times = open(times, "a", buffering=1) if times else None

    async def after_commit(self, event: CloudEvent) -> None:
        if self.times is not None:  # for the benchmark: when each effect was committed
            self.times.write(f"{event.data.get('org_unit_id')} {time.time()}\n")
        if self.crash_at == "after_commit":
            _mark(self.marker, event.id)
            await asyncio.sleep(3600)


def consumer_spec(
    name: str, ack_wait: float = 2.0, max_deliver: int = 5, backoff=(0.2, 0.5, 1.0)
) -> ConsumerSpec:
    return ConsumerSpec(
        name=name,
        stream=stream_name("organisatie"),
        filter_subjects=["hr.*.organisatie.org_unit.>"],
        ack_wait=ack_wait,
        max_deliver=max_deliver,
        backoff=backoff,
    )


async def _main(args: argparse.Namespace) -> None:
    engine = create_async_engine(args.db, pool_size=4)
    nc = await nats.connect(args.nats, max_reconnect_attempts=-1, reconnect_time_wait=0.2)
    js = nc.jetstream()
    await ensure_service_streams(js, "organisatie", duplicate_window=args.duplicate_window)
    marker = Path(args.marker) if args.marker else None
    if args.role == "relay":
        relay = CrashingRelay(
            engine, args.db, js, outbox, crash_at=args.crash_at, marker=marker, poll_interval=0.2
        )
        await relay.run()
    else:
        consumer = CrashingConsumer(
            js,
            make_sessionmaker(engine),
            inbox,
            replace(consumer_spec(args.name, ack_wait=args.ack_wait), batch=args.batch),
            make_handler(args.name),
            service="organisatie",
            crash_at=args.crash_at,
            marker=marker,
            times=Path(args.times) if args.times else None,
            batch_handler=make_batch_handler(args.name) if args.batch_effects else None,
        )
        await consumer.run()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["relay", "consumer"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--nats", required=True)
    parser.add_argument("--name", default="test-consumer")
    parser.add_argument("--crash-at", default="never")
    parser.add_argument("--marker")
    parser.add_argument("--ack-wait", type=float, default=2.0)
    parser.add_argument("--duplicate-window", type=float, default=120.0)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batch-effects", action="store_true")
    parser.add_argument("--times", help="write '<org unit id> <unix time>' per committed effect")
    logging.basicConfig(level=logging.INFO)
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
