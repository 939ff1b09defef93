"""notificaties killed with SIGKILL at the worst moments, as a real service process on a NATS
server, database and SMTP sink of its own: after it sent a batch of mails and before it marked
them sent, and after it committed an event's notifications and before it acked the event. After
a restart: no notification lost, none twice in the inbox, and every mail arrives under the one
Message-ID of its notification (a batch sent again is the same message under the same id)."""

import asyncio
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import nats
import pytest
from sqlalchemy import text

from dialoog.contracts.events.feedback import FeedbackRequestCreated
from dialoog.contracts.events.organisatie import PersonCreated, TenantCreated
from dialoog.devstack.procs import alive, kill, spawn, stop
from dialoog.kit.clock import now, today
from dialoog.kit.db import make_engine, make_sessionmaker, tenant_transaction
from dialoog.kit.events.streams import ensure_service_streams
from dialoog.testing.nats_server import NatsServer, free_port
from dialoog.testing.smtp_sink import SmtpSink

TENANT = "bel"
PEOPLE = 25
REQUESTS = 8
DOMAIN = "crash.dialoog.test"


class CrashWorld:
    def __init__(self, stack, urls, nats_server, sink, tmp: Path) -> None:
        self.stack, self.urls, self.nats, self.sink, self.tmp = stack, urls, nats_server, sink, tmp
        self.engine = make_engine(_settings(urls))
        self.sessions = make_sessionmaker(self.engine)
        self.pids: list[int] = []

    def spawn(self, crash_at: str = "never") -> tuple[int, Path]:
        marker = self.tmp / f"{crash_at}-{len(self.pids)}.marker"
        prefix = "DIALOOG_NOTIFICATIES_"
        env = {
            **self.stack.service_env("notificaties"),
            prefix + "DATABASE_URL": self.urls["app"],
            prefix + "NATS_URL": self.nats.url,
            prefix + "SMTP_HOST": self.sink.host,
            prefix + "SMTP_PORT": str(self.sink.port),
            prefix + "MAIL_DOMAIN": DOMAIN,
            prefix + "MAIL_BATCH_SIZE": "20",
        }
        script = Path(__file__).with_name("crashing_service.py")
        pid = spawn(
            [sys.executable, str(script), crash_at, str(marker), str(free_port())],
            self.tmp / "service.log",
            env=env,
        )
        self.pids.append(pid)
        return pid, marker

    def log(self) -> str:
        path = self.tmp / "service.log"
        return path.read_text()[-3000:] if path.exists() else ""

    async def until(self, condition, what: str, within: float = 90) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if await condition():
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}\n{self.log()}")

    async def query(self, sql: str) -> list:
        async with tenant_transaction(self.sessions, TENANT) as session:
            return list(await session.execute(text(sql)))

    async def publish(self, *payloads) -> list[str]:
        nc = await nats.connect(self.nats.url)
        ids = []
        try:
            js = nc.jetstream()
            for service in ("organisatie", "feedback"):
                await ensure_service_streams(js, service)
            for payload in payloads:
                event = payload.event_type.envelope(TENANT, payload, time=now())
                await js.publish(
                    event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id}
                )
                ids.append(event.id)
        finally:
            await nc.close()
        return ids


def _settings(urls):
    from dialoog.notificaties.settings import Settings

    return Settings(database_url=urls["app"])


@pytest.fixture
async def crash_world(request, dialoog_stack, test_databases, tmp_path):
    urls = test_databases("notificaties", f"crash_{request.node.callspec.id}")
    server = NatsServer(tmp_path / "nats").start()
    sink = SmtpSink(tmp_path / "smtp").start()
    world = CrashWorld(dialoog_stack, urls, server, sink, tmp_path)
    yield world
    for pid in world.pids:
        stop(pid, timeout=5)
    await world.engine.dispose()
    sink.stop()
    server.stop()


def people() -> list[PersonCreated]:
    return [
        PersonCreated(
            person_id=uuid.uuid4(),
            employee_number=f"crash-{i:03}",
            email=f"collega{i}@crash.example.nl",
            display_name=f"Collega {i}",
            org_unit_id=None,
            roles=["employee"],
            date_of_birth=None,
            appointment_start=None,
            probation_end=None,
            version=1,
        )
        for i in range(PEOPLE)
    ]


@pytest.mark.parametrize("crash_at", ["after_send", "after_commit"])
async def test_killed_while_sending_loses_nothing_and_doubles_nothing(crash_world, crash_at):
    w = crash_world
    pid, marker = w.spawn(crash_at)
    staff = people()
    await w.publish(
        TenantCreated(tenant_id=TENANT, preset="gemeente", domain=None, name="BEL Combinatie"), *staff
    )

    async def projected():
        assert alive(pid), w.log()
        return (await w.query("select count(*) from people"))[0][0] == PEOPLE

    await w.until(projected, "the people to be projected")
    requester, colleagues = staff[0].person_id, [p.person_id for p in staff[1:]]
    events = await w.publish(
        *(
            FeedbackRequestCreated(
                request_id=uuid.uuid4(),
                requester_id=requester,
                colleague_ids=colleagues,
                outsiders=0,
                anonymous=False,
                deadline=today() + timedelta(days=14),
            )
            for _ in range(REQUESTS)
        )
    )
    expected_count = REQUESTS * len(colleagues)

    async def at_the_crash_point():
        assert alive(pid), w.log()
        return marker.exists()

    await w.until(at_the_crash_point, f"the service to reach {crash_at}")
    kill(pid)  # SIGKILL, there
    before = len(w.sink.mailbox.messages())
    if crash_at == "after_send":
        assert before >= 1  # a batch left, and was not marked sent

    w.spawn()

    async def all_done():
        made = (await w.query("select count(*) from notifications"))[0][0]
        pending = (await w.query("select count(*) from mail_outbox where sent_at is null"))[0][0]
        return made == expected_count and pending == 0

    await w.until(all_done, "every notification and every mail")
    await asyncio.sleep(1)  # anything still to come would come now
    rows = await w.query("select id, event_id, recipient_id from notifications")
    assert len(rows) == expected_count
    assert {(r.event_id, r.recipient_id) for r in rows} == {(e, c) for e in events for c in colleagues}
    expected_ids = {f"<n.{r.id}@{DOMAIN}>" for r in rows}
    received = w.sink.mailbox.by_message_id()
    assert set(received) == expected_ids  # every mail, each under its notification's Message-ID
    for copies in received.values():
        assert all(c.as_bytes() == copies[0].as_bytes() for c in copies)  # a resend is the same message
    if crash_at == "after_send":
        assert any(len(c) == 2 for c in received.values())  # the batch in flight came again
    else:
        assert all(len(c) == 1 for c in received.values())
    states = await w.query("select state, count(*) from notification_emails group by state")
    assert dict(states) == {"immediate": expected_count}
