"""The sweep: a request past its deadline expires (`feedback.request.expired`), and once a
request is older than the tenant's retention its answers, drafts and outsiders' addresses are gone
while what the requester shared stays (ADR 0022). The business clock of this process is moved;
the sweep is the one the service runs on its interval."""

import asyncio
import json
from datetime import timedelta

import nats

from dialoog.feedback.service import sweep
from dialoog.kit.clock import pinned, today

from .helpers import OPEN_ANSWER, colleague, link_in, outsider, request_body


async def test_deadline_then_retention(world, mailbox, test_nats):
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
            done = await sweep.sweep(fb.app.state.sessions)
            assert done["bel"]["expired"] >= 1
            view = (await fb.get(url, headers=auth("bel.medewerker"))).json()
            assert view["state"] == "expired" and not view["answers_deleted"]
            assert (await sweep.sweep(fb.app.state.sessions))["bel"]["expired"] == 0  # idempotent
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
        done = await sweep.sweep(fb.app.state.sessions)
        assert done["bel"]["answers_deleted"] >= 2
        view = (await fb.get(url, headers=auth("bel.medewerker"))).json()
        assert view["answers_deleted"] and all(g["email"] is None for g in view["givers"])
        results = (await fb.get(url + "/results", headers=auth("bel.medewerker"))).json()
        assert results["groups"] == [] or all(not g["answers"] for g in results["groups"])
        kept = (await fb.get(url + "/shares", headers=auth("bel.medewerker"))).json()["items"]
        assert [k["id"] for k in kept] == [shared.json()["items"][0]["id"]]
        assert "Je legt ingewikkelde regels helder uit." in kept[0]["text"]
        assert (await sweep.sweep(fb.app.state.sessions))["bel"]["answers_deleted"] == 0
