"""A daily digest: three notifications for someone who chose "daily at hour H" make no mail at
once and ONE mail with all three at H, sent by the notificaties worker's workflow on a real
Temporal server (the moment given to the run: a pinned clock); a second run sends nothing again.
The worker keeps its Schedule."""

import asyncio
import uuid
from datetime import datetime, timedelta

import pytest
from temporalio.client import Client

from dialoog.kit import clock
from dialoog.kit.clock import AMSTERDAM
from dialoog.kit.db import make_engine, make_sessionmaker
from dialoog.notificaties.domain.preferences import effective, next_digest
from dialoog.notificaties.workflows.digests import NotificatiesDigests
from dialoog.notificaties.workflows.schedule import ensure_schedule
from dialoog.notificaties.workflows.worker import build_worker
from dialoog.testing.mailbox import html_of, text_of
from dialoog.testing.plugin import worker_id

from .helpers import address, ensure_namespace, inbox_until, publish, tasks_assigned


@pytest.fixture(scope="module")
async def temporal(world, dialoog_stack, service_settings):
    namespace = f"dialoog-test-{worker_id()}"
    await ensure_namespace(dialoog_stack.temporal_address, namespace)
    settings = service_settings(
        "notificaties",
        temporal_address=dialoog_stack.temporal_address,
        temporal_namespace=namespace,
        temporal_task_queue=f"notificaties-test-{uuid.uuid4().hex[:6]}",
        digest_schedule_id=f"notificaties-digests-test-{uuid.uuid4().hex[:6]}",
    )
    client = await Client.connect(settings.temporal_address, namespace=namespace)
    engine = make_engine(settings)
    async with build_worker(client, settings, make_sessionmaker(engine)):
        yield client, settings
    await engine.dispose()


async def run_digests(client: Client, settings, at: datetime) -> dict:
    return await client.execute_workflow(
        NotificatiesDigests.run,
        at.isoformat(),
        id=f"digests-test-{uuid.uuid4()}",
        task_queue=settings.temporal_task_queue,
        execution_timeout=timedelta(minutes=2),
    )


async def test_three_notifications_make_one_digest_mail_at_the_chosen_hour(world, temporal, mailbox):
    client, settings = temporal
    nt, signed, people = world["nt"], world["signed"], world["people"]
    to = address("lotte.nieuw.bel")
    person = signed(to)
    hour = (clock.now().astimezone(AMSTERDAM).hour + 3) % 24
    prefs = await nt.get("/v1/preferences/me", headers=person)
    assert prefs.status_code == 200, prefs.text
    body = {
        "language": "nl",
        "categories": {"task": {"email": True, "mode": "daily"}},
        "digest_hour": hour,
        "digest_weekday": 1,
        "quiet_hours": None,
    }
    r = await nt.put("/v1/preferences/me", json=body, headers={**person, "If-Match": prefs.headers["ETag"]})
    assert r.status_code == 200, r.text
    due = next_digest(effective(None, {"digest_hour": hour}), "daily", clock.now())

    def mine():  # the round's mails to her and her digests: not what earlier tests sent her
        return [
            m
            for m in mailbox.messages(to)
            if str(m["Subject"]).startswith(("Er staan salarisbesluiten", "3 nieuwe meldingen"))
        ]

    before = len(mine())

    await publish(
        world["nats"].url, "bel", *(tasks_assigned(people["lotte.nieuw.bel"], count=n) for n in (11, 12, 13))
    )
    items = await inbox_until(
        nt, person, lambda xs: sum(x["kind"] == "salaris.round.tasks_assigned" for x in xs) >= 3
    )
    items = [i for i in items if i["kind"] == "salaris.round.tasks_assigned"]  # not earlier tests' feedback
    assert len(items) == 3 and {i["body"].split()[2] for i in items} == {"11", "12", "13"}
    await asyncio.sleep(2)
    assert len(mine()) == before  # held, not sent

    assert (await run_digests(client, settings, due - timedelta(minutes=1))).get("bel") == 0  # not yet
    assert (await run_digests(client, settings, due + timedelta(minutes=1)))["bel"] == 1
    await mailbox.wait_until(lambda _: len(mine()) > before, what="the digest")
    mail = mine()[before]
    assert mail["Subject"] == "3 nieuwe meldingen in Dialoog — BEL Combinatie"
    text = text_of(mail)
    for n in (11, 12, 13):
        assert f"U heeft {n} salarisbesluit(en) te nemen" in text
    portal = settings.public_url.rstrip("/")
    assert text.count(f"{portal}/team/salaris") == 3 and f'href="{portal}/team/salaris"' in html_of(mail)
    assert mail["Message-ID"].startswith("<d.")

    assert (await run_digests(client, settings, due + timedelta(minutes=20)))["bel"] == 0  # nothing twice
    await asyncio.sleep(2)
    assert len(mine()) == before + 1


async def test_the_worker_keeps_its_schedule(temporal):
    client, settings = temporal
    handle = await ensure_schedule(client, settings)
    await ensure_schedule(client, settings)  # a second worker or a restart changes nothing else
    described = await handle.describe()
    assert described.schedule.spec.intervals[0].every == timedelta(seconds=settings.digest_interval_seconds)
    assert described.schedule.action.workflow == "NotificatiesDigests"
    await handle.delete()
