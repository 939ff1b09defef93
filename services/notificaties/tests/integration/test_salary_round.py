"""The issue's walk through the real services: HR opens this year's salary round in salaris (its
API and its Temporal workflow); salaris publishes `round.opened` and, per manager, `tasks_assigned`;
notificaties tells HR and the manager: the item in the inbox with the unread badge, and a mail in
Dutch with a link into the portal's round page."""

import asyncio
import contextlib
import uuid
from datetime import date, timedelta

import asyncpg
import pytest

from dialoog.devstack.demo_salary import scales_csv, steps_csv
from dialoog.kit.clock import today
from dialoog.kit.db import make_engine, make_sessionmaker
from dialoog.kit.temporal import connect
from dialoog.salaris.workflows.worker import build_worker
from dialoog.testing.mailbox import text_of
from dialoog.testing.plugin import worker_id

from .helpers import address, ensure_namespace, inbox_until

TENANT = "rijk"


@pytest.fixture(scope="module")
async def salaris(world, dialoog_stack, service_client, service_settings, test_databases):
    temporal = {
        "temporal_address": dialoog_stack.temporal_address,
        "temporal_namespace": f"dialoog-test-{worker_id()}",
        "temporal_task_queue": f"salaris-notif-{uuid.uuid4().hex[:6]}",
    }
    await ensure_namespace(temporal["temporal_address"], temporal["temporal_namespace"])
    settings = service_settings("salaris", **temporal)
    client = await connect(settings.temporal_address, settings.temporal_namespace)
    year = today().year
    with contextlib.suppress(Exception):  # left running by an earlier session in this namespace
        await client.get_workflow_handle(f"salary-round:{TENANT}:{year}").terminate("a new test session")
    engine = make_engine(settings)
    async with (
        service_client("salaris", **temporal) as sal,
        build_worker(client, settings, make_sessionmaker(engine), None),
    ):
        hr = {**world["auth"](f"{TENANT}.hr"), "content-type": "text/csv"}
        r = await sal.post("/v1/salary/scales/import", content=scales_csv(year).encode(), headers=hr)
        assert r.status_code == 200 and not r.json()["errors"], r.text
        for _ in range(200):  # salaris learns the people from organisatie's events
            r = await sal.post(
                "/v1/salary/steps/import", content=steps_csv(TENANT, year).encode(), headers=hr
            )
            if r.status_code == 200 and not r.json()["errors"]:
                break
            await asyncio.sleep(0.1)
        assert r.status_code == 200 and not r.json()["errors"], r.text
        yield sal, year
        with contextlib.suppress(Exception):
            await client.get_workflow_handle(f"salary-round:{TENANT}:{year}").terminate("test done")
    await engine.dispose()
    # The session's salaris database is shared with salaris' own tests (and so is its durable
    # consumer of organisatie's events, so it cannot be another database): take the round away.
    await forget_round(test_databases("salaris")["owner"], year)


async def forget_round(owner_url: str, year: int) -> None:
    conn = await asyncpg.connect(owner_url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', $1, true)", TENANT)
            ids = [r["id"] for r in await conn.fetch("select id from rounds where year = $1", year)]
            for table in ("objections", "letters"):
                await conn.execute(
                    f"delete from {table} where decision_id in "  # noqa: S608 - a fixed name
                    "(select id from decisions where round_id = any($1::uuid[]))",
                    ids,
                )
            await conn.execute("delete from decisions where round_id = any($1::uuid[])", ids)
            await conn.execute("delete from round_reminders where round_id = any($1::uuid[])", ids)
            await conn.execute("delete from rounds where id = any($1::uuid[])", ids)
    finally:
        await conn.close()


async def test_hr_opens_the_round_and_the_manager_is_told_in_the_inbox_and_by_mail(world, salaris, mailbox):
    sal, year = salaris
    nt, auth = world["nt"], world["auth"]
    manager = auth(f"{TENANT}.leidinggevende")
    for _ in range(300):  # notificaties knows the rijk people
        if (await nt.get("/v1/inbox/unread-count", headers=manager)).status_code == 200:
            break
        await asyncio.sleep(0.1)
    await nt.post("/v1/inbox/read-all", headers=manager)
    to = address(f"{TENANT}.leidinggevende")
    before = len(mailbox.messages(to))
    day = today()
    r = await sal.post(
        "/v1/salary/rounds",
        json={
            "year": year,
            "guidelines": "Motiveer per onderdeel concreet en meetbaar, met voorbeelden uit dit jaar.",
            "deadline": min(day + timedelta(days=14), date(day.year, 12, 31)).isoformat(),
        },
        headers=auth(f"{TENANT}.hr"),
    )
    assert r.status_code == 201, r.text

    items = await inbox_until(
        nt,
        manager,
        lambda xs: any(x["kind"] == "salaris.round.tasks_assigned" and not x["read_at"] for x in xs),
        90,
    )
    item = next(x for x in items if x["kind"] == "salaris.round.tasks_assigned" and not x["read_at"])
    assert item["title"] == "Er staan salarisbesluiten voor u klaar" and item["link"] == "/team/salaris"
    assert (await nt.get("/v1/inbox/unread-count", headers=manager)).json()["unread"] >= 1
    mail = await mailbox.wait_for(to, before + 1, within=60)
    assert mail["Subject"] == "Er staan salarisbesluiten voor u klaar — " + mail["From"].split(" <")[0]
    portal = nt.app.state.settings.public_url.rstrip("/")
    assert f"{portal}/team/salaris" in text_of(mail)
    assert "Motiveer" not in text_of(mail)  # no content of the round
    # HR is told that the round opened.
    hr_items = await inbox_until(
        nt, auth(f"{TENANT}.hr"), lambda xs: any(x["kind"] == "salaris.round.opened" for x in xs), 60
    )
    opened = next(x for x in hr_items if x["kind"] == "salaris.round.opened")
    assert opened["title"] == f"De salarisronde {year} is geopend"
