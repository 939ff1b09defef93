"""Notification e-mail benchmark (issue 13, point 7): the fan-out of salary-round notifications to
e-mail against raw aiosmtplib sends of the same bytes to the same SMTP sink, measured in the same
run on the same machine. Prints figures; asserts nothing.

notificaties runs in this process as it runs in the stack (`create_app` and its lifespan: the
durable consumers, the kit's mail sender, the webhook worker beside them) on a fresh database, a
private nats-server and a private SMTP sink (the dev stack's, `dialoog.testing.smtp_sink`, in a
process of its own: one .eml file per mail). It learns a tenant and its managers from organisatie
events published as organisatie publishes them; then `round.tasks_assigned` and
`round.reminder_due` events (half each, one manager each, spread over the managers) are published
to JetStream, and the clock runs from the first publish until the sink holds every mail:
consumer (rule, recipient, in-app item, preferences, the mail rendered in Dutch with a signed
List-Unsubscribe link, queued in the mail outbox, all in the consumer's transaction), then the
mail sender (claim a batch, one SMTP connection per batch, record each mail). The raw figure sends
a mail the sink received in this run, byte for byte, as the sender does: one connection per batch
of `mail_batch_size` (50) mails, one batch at a time.

    uv run python bench/notifications.py [--notifications 30000] [--managers 1000]
    DIALOOG_BENCH_NOTIFICATIONS=500 make bench
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from email import message_from_bytes, policy
from email.utils import parseaddr
from pathlib import Path

import aiosmtplib
import nats
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import bench_database, postgres_stack, private_nats, table

from dialoog.contracts.events.organisatie import PersonCreated, TenantCreated
from dialoog.contracts.events.salaris import ReminderDue, TasksAssigned
from dialoog.kit.clock import now, today
from dialoog.kit.db import tenant_transaction
from dialoog.kit.events.streams import ensure_service_streams
from dialoog.notificaties.domain.rules import SERVICES
from dialoog.notificaties.main import create_app
from dialoog.notificaties.persistence.tables import notifications, people
from dialoog.notificaties.settings import Settings
from dialoog.testing.smtp_sink import SmtpSink

TENANT = "bench"
MAIL = "bench.dialoog.example"
STALLED = 120.0  # seconds without a new mail or notification: stop and print what arrived


def count_files(directory: Path) -> int:
    if not directory.exists():
        return 0
    with os.scandir(directory) as entries:
        return sum(1 for e in entries if e.name.endswith(".eml"))


async def publish_all(url: str, payloads, window: int = 1000) -> None:
    """Each payload as its service publishes it (one event each, `Nats-Msg-Id` its id), `window`
    acknowledgements awaited at a time."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        pending = []
        for payload in payloads:
            event = payload.event_type.envelope(TENANT, payload, time=now())
            pending.append(
                await js.publish_async(
                    event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id}
                )
            )
            if len(pending) >= window:
                await asyncio.gather(*pending)
                pending = []
        await asyncio.gather(*pending)
    finally:
        await nc.close()


def organisation(managers: int) -> tuple[list, list[uuid.UUID]]:
    ids = [uuid.uuid4() for _ in range(managers)]
    events = [TenantCreated(tenant_id=TENANT, preset="001", domain=MAIL, name="Gemeente Benchmark")]
    events += [
        PersonCreated(
            person_id=pid,
            employee_number=f"m-{i}",
            email=f"manager{i}@{MAIL}",
            display_name=f"Leidinggevende {i}",
            org_unit_id=None,
            roles=["employee", "manager"],
            date_of_birth=None,
            appointment_start=None,
            probation_end=None,
            version=1,
        )
        for i, pid in enumerate(ids)
    ]
    return events, ids


def round_events(managers: list[uuid.UUID], count: int) -> list:
    round_id, deadline = uuid.uuid4(), today() + timedelta(days=14)
    out = []
    for n in range(count):
        manager = managers[n % len(managers)]
        if n % 2:
            out.append(
                ReminderDue(round_id=round_id, manager_id=manager, open=3, deadline=deadline, days_left=3)
            )
        else:
            out.append(TasksAssigned(round_id=round_id, manager_id=manager, count=12, deadline=deadline))
    return out


async def scalar(sessions, stmt) -> int:
    async with tenant_transaction(sessions, TENANT) as session:
        return (await session.execute(stmt)).scalar_one()


async def until(what: str, progress, target: int, every: float = 0.2) -> float | None:
    """Poll `progress()` until it reaches `target`: the seconds it took, or None (printed) when it
    stopped moving for STALLED seconds."""
    t0 = last_move = time.perf_counter()
    seen = -1
    while (got := await progress()) < target:
        if got != seen:
            seen, last_move = got, time.perf_counter()
        elif time.perf_counter() - last_move > STALLED:
            print(f"{what}: stalled at {got:,} of {target:,}", flush=True)
            return None
        await asyncio.sleep(every)
    return time.perf_counter() - t0


async def fan_out(settings: Settings, nats_url: str, maildir: Path, count: int, managers: int) -> dict:
    nc = await nats.connect(nats_url)
    try:
        for service in (*SERVICES, "organisatie"):
            await ensure_service_streams(nc.jetstream(), service)
    finally:
        await nc.close()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        sessions = app.state.sessions
        org, ids = organisation(managers)
        t0 = time.perf_counter()
        await publish_all(nats_url, org)
        people_count = select(func.count()).select_from(people)
        if await until("projection", lambda: scalar(sessions, people_count), managers) is None:
            return {}
        learned = time.perf_counter() - t0
        events = round_events(ids, count)
        before = count_files(maildir)
        notified_count = select(func.count()).select_from(notifications)
        t0 = time.perf_counter()
        publisher = asyncio.create_task(publish_all(nats_url, events))
        recorded = await until("notifications", lambda: scalar(sessions, notified_count), count)
        if recorded is None:
            return {}
        mailed = await until("mails", lambda: asyncio.to_thread(count_files, maildir), before + count, 0.1)
        total = time.perf_counter() - t0
        await publisher
        return {
            "learned": learned,
            "recorded": recorded,
            "mailed": None if mailed is None else total,
            "sender": dict(app.state.mail_sender.counts),
        }


def sample(maildir: Path) -> tuple[str, str, bytes]:
    """A notification mail the sink received: (envelope sender, recipient, its bytes)."""
    path = next(p for p in sorted(maildir.glob("*.eml")))
    data = path.read_bytes()
    message = message_from_bytes(data, policy=policy.default)
    return parseaddr(str(message["From"]))[1], parseaddr(str(message["To"]))[1], data


async def raw_smtp(host: str, port: int, mail: tuple[str, str, bytes], count: int, batch: int) -> float:
    """`count` sends of `mail` by aiosmtplib, one connection per `batch`, one batch at a time."""
    sender, recipient, data = mail
    t0 = time.perf_counter()
    for start in range(0, count, batch):
        client = aiosmtplib.SMTP(hostname=host, port=port, start_tls=False, timeout=30)
        await client.connect()
        for _ in range(min(batch, count - start)):
            await client.sendmail(sender, [recipient], data)
        await client.quit()
    return count / (time.perf_counter() - t0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--notifications", type=int, default=int(os.environ.get("DIALOOG_BENCH_NOTIFICATIONS", "30000"))
    )
    parser.add_argument("--managers", type=int, default=int(os.environ.get("DIALOOG_BENCH_MANAGERS", "1000")))
    args = parser.parse_args()
    count, managers = args.notifications, min(args.managers, args.notifications)
    with (
        tempfile.TemporaryDirectory(prefix="dialoog-bench-mail-") as tmp,
        postgres_stack() as cfg,
        private_nats() as server,
        bench_database(cfg, "notificaties", "mail") as db,
    ):
        sink = SmtpSink(Path(tmp)).start()
        try:
            settings = Settings(
                database_url=db["app"],
                nats_url=server.url,
                smtp_host=sink.host,
                smtp_port=sink.port,
                mail_from=f"Dialoog <no-reply@{MAIL}>",
                mail_domain=MAIL,
            )
            maildir = sink.cfg.mail_dir
            fan = asyncio.run(fan_out(settings, server.url, maildir, count, managers))
            if not fan.get("mailed"):
                print(f"\nfan-out did not finish: {fan}")
                return 1
            mail = sample(maildir)
            raw = asyncio.run(raw_smtp(sink.host, sink.port, mail, count, settings.mail_batch_size))
            received = count_files(maildir)
        finally:
            sink.stop()
    rate = count / fan["mailed"]
    batch = settings.mail_batch_size
    print(
        f"\nNotification e-mail, {count:,} notifications to {managers:,} managers (same machine, same run, same sink)"
    )
    print(
        table(
            [
                ("measure", "figure", "note"),
                (
                    "raw aiosmtplib send",
                    f"{raw:,.0f} mails/s",
                    f"one connection per {batch} mails, one at a time; {len(mail[2]):,} bytes each",
                ),
                (
                    "notifications to e-mail",
                    f"{rate:,.0f} mails/s",
                    f"{rate / raw:.0%} of raw aiosmtplib; {fan['mailed']:.1f} s from the first publish"
                    " to the last mail in the sink",
                ),
                (
                    "  of which: notifications recorded",
                    f"{count / fan['recorded']:,.0f} notifications/s",
                    f"{fan['recorded']:.1f} s: consume, resolve, in-app item, render, queue the mail",
                ),
                (
                    "(not timed) projection",
                    f"{managers:,} people",
                    f"{fan['learned']:.1f} s from organisatie's events",
                ),
                ("(check) sink", f"{received:,} mails", f"sender counts {fan['sender']}"),
            ]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
