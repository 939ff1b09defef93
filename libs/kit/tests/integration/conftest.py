"""Fixtures for the event backbone tests: a database of their own, a private nats-server, and
relay and consumer processes that can be killed by pid."""

import asyncio
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.devstack.procs import alive, spawn, stop
from dialoog.kit.db import make_sessionmaker, platform_transaction, tenant_transaction
from dialoog.organisatie.service.org_units import create_unit
from dialoog.testing.event_processes import create_scratch
from dialoog.testing.nats_server import NatsServer


class EventWorld:
    """One test's database, NATS server and processes."""

    def __init__(self, urls: dict[str, str], nats: NatsServer, tmp: Path) -> None:
        self.urls = urls
        self.nats = nats
        self.tmp = tmp
        self.engine = create_async_engine(urls["app"], pool_size=5)
        self.sessions = make_sessionmaker(self.engine)
        self.pids: list[int] = []

    async def write_events(
        self, count: int, tenant: str = "bel", name: str = "Team", batch: int = 500
    ) -> None:
        """Business rows and their outbox rows, committed together, as the service does."""
        done = 0
        while done < count:
            async with tenant_transaction(self.sessions, tenant) as session:
                for i in range(done, min(count, done + batch)):
                    await create_unit(session, tenant, f"{name} {i}", None)
            done = min(count, done + batch)

    async def scalar(self, sql: str, **params):
        async with self.engine.connect() as conn:
            return (await conn.execute(text(sql), params)).scalar_one()

    async def effects(self) -> dict[str, int]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                text("select event_id, count(*) from test_scratch.effects group by event_id")
            )
            return {r[0]: r[1] for r in rows}

    async def event_ids(self) -> set[str]:
        """Ids of every event the business transactions wrote, of every tenant (platform mode: the
        outbox is under forced RLS)."""
        async with platform_transaction(self.sessions) as session:
            return {str(r[0]) for r in await session.execute(text("select event_id from event_outbox"))}

    def spawn(
        self, role: str, *, crash_at: str = "never", name: str = "test-consumer", ack_wait: float = 2.0
    ):
        marker = self.tmp / f"{role}-{crash_at}-{len(self.pids)}.marker"
        pid = spawn(
            [
                sys.executable,
                "-m",
                "dialoog.testing.event_processes",
                role,
                "--db",
                self.urls["app"],
                "--nats",
                self.nats.url,
                "--crash-at",
                crash_at,
                "--marker",
                str(marker),
                "--name",
                name,
                "--ack-wait",
                str(ack_wait),
            ],
            self.tmp / f"{role}.log",
        )
        self.pids.append(pid)
        return pid, marker

    async def wait_for(self, condition, timeout: float = 60, what: str = "condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if await condition():
                return
            await asyncio.sleep(0.1)
        logs = "\n".join(p.read_text()[-3000:] for p in self.tmp.glob("*.log"))
        raise AssertionError(f"timed out waiting for {what}\n{logs}")

    async def wait_marker(self, marker: Path, pid: int, timeout: float = 60) -> str:
        async def there():
            assert alive(pid), (
                (self.tmp / "relay.log").read_text()[-2000:] if (self.tmp / "relay.log").exists() else ""
            )
            return marker.exists()

        await self.wait_for(there, timeout, f"marker {marker.name}")
        return marker.read_text()

    async def close(self) -> None:
        for pid in self.pids:
            stop(pid, timeout=5)
        await self.engine.dispose()


@pytest.fixture
async def world(test_databases, tmp_path, request):
    urls = test_databases("organisatie", "events")
    await create_scratch(urls, truncate=("test_scratch.effects", "event_outbox", "event_inbox", "org_units"))
    nats = NatsServer(tmp_path / "nats").start()
    w = EventWorld(urls, nats, tmp_path)
    yield w
    await w.close()
    nats.stop()
