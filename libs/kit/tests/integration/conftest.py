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


class MailWorld:
    """One test's feedback database (it has a mail outbox), a private SMTP sink that refuses
    `refused.invalid`, and mail sender processes that can be killed by pid."""

    DOMAIN = "dialoog.test"

    def __init__(self, urls: dict[str, str], sink, tmp: Path) -> None:
        from dialoog.kit.mail.outbox import session_info

        self.urls = urls
        self.sink = sink
        self.tmp = tmp
        self.engine = create_async_engine(urls["app"], pool_size=5)
        self.sessions = make_sessionmaker(self.engine, info=session_info(self.DOMAIN))
        self.pids: list[int] = []

    @property
    def mailbox(self):
        return self.sink.mailbox

    async def queue(self, count: int, tenant: str = "bel", **overrides) -> list[str]:
        """`count` mails committed in one tenant transaction, as a service queues them."""
        from dialoog.kit.mail import OutgoingMail, queue_mail

        ids = []
        async with tenant_transaction(self.sessions, tenant) as session:
            for i in range(count):
                values = {
                    "to": f"gever-{tenant}-{i}@voorbeeld.nl",
                    "to_name": f"Gever {i}",
                    "subject": f"Feedback gevraagd ({tenant} {i})",
                    "text": f"Wilt u feedback geven? Mail {i}.",
                    "category": "feedback",
                    **overrides,
                }
                ids.append(await queue_mail(session, tenant, OutgoingMail(**values)))
        return ids

    async def rows(self) -> dict[str, dict]:
        """message_id -> its outbox row, of every tenant (platform mode: forced RLS)."""
        async with platform_transaction(self.sessions) as session:
            result = await session.execute(
                text(
                    "select message_id, tenant_id, sent_at, failed_at, attempts, last_error, text_body, "
                    "html_body from mail_outbox"
                )
            )
            return {r.message_id: dict(r._mapping) for r in result}

    async def pending(self) -> int:
        return sum(1 for r in (await self.rows()).values() if r["sent_at"] is None and r["failed_at"] is None)

    def sender(self, **overrides):
        """An in-process sender on the private sink (fast retries)."""
        from dialoog.kit.mail.sender import MailSender
        from dialoog.testing.mail_processes import config

        port = overrides.pop("smtp_port", self.sink.port)
        return MailSender(self.engine, self.urls["app"], config(self.sink.host, port, **overrides))

    def spawn(self, *, crash_at: str = "never"):
        marker = self.tmp / f"sender-{crash_at}-{len(self.pids)}.marker"
        pid = spawn(
            [
                sys.executable,
                "-m",
                "dialoog.testing.mail_processes",
                "--db",
                self.urls["app"],
                "--smtp-host",
                self.sink.host,
                "--smtp-port",
                str(self.sink.port),
                "--crash-at",
                crash_at,
                "--marker",
                str(marker),
            ],
            self.tmp / "sender.log",
        )
        self.pids.append(pid)
        return pid, marker

    async def wait_for(self, condition, timeout: float = 60, what: str = "condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if await condition():
                return
            await asyncio.sleep(0.1)
        log = self.tmp / "sender.log"
        raise AssertionError(
            f"timed out waiting for {what}\n{log.read_text()[-3000:] if log.exists() else ''}"
        )

    async def wait_marker(self, marker: Path, pid: int, timeout: float = 60) -> str:
        async def there():
            log = self.tmp / "sender.log"
            assert alive(pid), log.read_text()[-2000:] if log.exists() else ""
            return marker.exists()

        await self.wait_for(there, timeout, f"marker {marker.name}")
        return marker.read_text()

    async def close(self) -> None:
        for pid in self.pids:
            stop(pid, timeout=5)
        await self.engine.dispose()


@pytest.fixture
async def mail_world(test_databases, tmp_path):
    from dialoog.testing.smtp_sink import SmtpSink

    urls = test_databases("feedback", "mail")
    await create_scratch(urls, truncate=("mail_outbox",))
    sink = SmtpSink(tmp_path / "smtp", refuse_domains=("refused.invalid",)).start()
    w = MailWorld(urls, sink, tmp_path)
    yield w
    await w.close()
    sink.stop()
