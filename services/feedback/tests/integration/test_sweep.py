"""The sweep: a request past its deadline expires (`feedback.request.expired`), and once a
request is older than the tenant's retention its answers, drafts and outsiders' addresses are gone
while what the requester shared stays (ADR 0022). The sweep runs as the feedback worker runs it: the
workflow `FeedbackSweep` on the stack's Temporal, its activities in a worker in this process (on
this module's feedback database), whose business clock is moved. And the worker's Schedule: kept
idempotently, and a run it starts sweeps."""

import asyncio
import json
import uuid
from datetime import timedelta

import nats
import pytest

from dialoog.feedback.settings import Settings
from dialoog.feedback.workflows.schedule import ensure_schedule
from dialoog.feedback.workflows.sweep import FeedbackSweep
from dialoog.feedback.workflows.types import SweepResult
from dialoog.feedback.workflows.worker import build_worker
from dialoog.kit.clock import pinned, today
from dialoog.kit.temporal import connect

from .helpers import OPEN_ANSWER, colleague, link_in, outsider, request_body


@pytest.fixture(scope="module")
async def temporal(world, dialoog_stack):
    """A feedback worker in this process on its own task queue of the stack's Temporal server."""
    run = uuid.uuid4().hex[:6]
    settings = Settings(
        temporal_address=dialoog_stack.temporal_address,
        temporal_task_queue=f"feedback-test-{run}",
        sweep_schedule_id=f"feedback-sweep-test-{run}",
    )
    client = await connect(settings.temporal_address, settings.temporal_namespace)
    async with build_worker(client, settings, world["fb"].app.state.sessions):
        yield client, settings


async def sweep(temporal) -> dict[str, dict]:
    client, settings = temporal
    result = await client.execute_workflow(
        FeedbackSweep.run, id=f"sweep-{uuid.uuid4().hex[:8]}", task_queue=settings.temporal_task_queue
    )
    assert result.failed == []
    return result.swept


async def test_deadline_then_retention(world, mailbox, test_nats, temporal):
    fb, auth, people = world["fb"], world["auth"], world["people"]
    extern = outsider("Bewaar Extern")
    body = request_body(people, [colleague(people, "bel.hr"), extern], days=10)
    request = (await fb.post("/v1/feedback/requests", json=body, headers=auth("bel.medewerker"))).json()
    link = link_in(await mailbox.wait_for(extern["email"]))
    await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
    url = f"/v1/feedback/requests/{request['id']}"
    answer_id = (await fb.get(url + "/results", headers=auth("bel.medewerker"))).json()["groups"][0][
        "answers"
    ][0]["answer_id"]
    shared = await fb.post(url + "/shares", json={"answer_ids": [answer_id]}, headers=auth("bel.medewerker"))
    assert shared.status_code == 201

    nc = await nats.connect(test_nats.url)
    expired_events: list = []

    async def keep(msg):
        expired_events.append(json.loads(msg.data)["data"])

    sub = await nc.subscribe("hr.bel.feedback.request.expired", cb=keep)
    try:
        with pinned(today() + timedelta(days=11)):
            done = await sweep(temporal)
            assert done["bel"]["expired"] >= 1
            view = (await fb.get(url, headers=auth("bel.medewerker"))).json()
            assert view["state"] == "expired" and not view["answers_deleted"]
            assert (await sweep(temporal))["bel"]["expired"] == 0  # idempotent
            late = await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
            assert late.status_code == 409  # spent (she answered)
        for _ in range(50):
            if any(e["request_id"] == request["id"] for e in expired_events):
                break
            await asyncio.sleep(0.1)
        assert [e for e in expired_events if e["request_id"] == request["id"]] == [
            {"request_id": request["id"], "requester_id": str(people["bel.medewerker"]), "answered": 1}
        ]
    finally:
        await sub.unsubscribe()
        await nc.close()

    with pinned(today() + timedelta(days=366)):
        done = await sweep(temporal)
        assert done["bel"]["answers_deleted"] >= 2
        view = (await fb.get(url, headers=auth("bel.medewerker"))).json()
        assert view["answers_deleted"] and all(g["email"] is None for g in view["givers"])
        results = (await fb.get(url + "/results", headers=auth("bel.medewerker"))).json()
        assert results["groups"] == [] or all(not g["answers"] for g in results["groups"])
        kept = (await fb.get(url + "/shares", headers=auth("bel.medewerker"))).json()["items"]
        assert [k["id"] for k in kept] == [shared.json()["items"][0]["id"]]
        assert "Je legt ingewikkelde regels helder uit." in kept[0]["text"]
        assert (await sweep(temporal))["bel"]["answers_deleted"] == 0


async def test_the_schedule_is_kept_and_its_runs_sweep(world, temporal):
    client, settings = temporal
    handle = await ensure_schedule(client, settings)
    try:
        again = Settings(**{**settings.model_dump(), "sweep_interval_seconds": 1800})
        await ensure_schedule(client, again)  # a restarted worker with other settings: updated
        described = await handle.describe()
        assert [i.every for i in described.schedule.spec.intervals] == [timedelta(minutes=30)]
        assert described.schedule.action.task_queue == settings.temporal_task_queue
        await handle.trigger()
        for _ in range(100):
            actions = (await handle.describe()).info.recent_actions
            if actions:
                break
            await asyncio.sleep(0.1)
        assert actions, "the triggered run did not start"
        run = client.get_workflow_handle(actions[0].action.workflow_id, result_type=SweepResult)
        result = await run.result()
        assert result.failed == [] and {"bel", "heemstede"} <= set(result.swept)
    finally:
        await handle.delete()
