"""Another tenant's request is a 404 for everyone there; the events feedback publishes (taken off
NATS) carry ids, counts and states, never an answer, an address, a name or a link."""

import asyncio
import json
from datetime import timedelta

import nats

from dialoog.kit.clock import today

from .helpers import OPEN_ANSWER, colleague, link_in, outsider, request_body


async def test_another_tenants_request_is_not_found(world):
    fb, auth, people = world["fb"], world["auth"], world["people"]
    made = (
        await fb.post(
            "/v1/feedback/requests",
            json=request_body(people, [colleague(people, "bel.hr")]),
            headers=auth("bel.medewerker"),
        )
    ).json()
    for user in ("heemstede.medewerker", "heemstede.hr", "heemstede.beheer", "rijk.medewerker"):
        for path in ("", "/results", "/shares"):
            r = await fb.get(f"/v1/feedback/requests/{made['id']}{path}", headers=auth(user))
            assert r.status_code == 404 and r.json()["code"] == "feedback-request-not-found", (user, path)
        mine = (await fb.get("/v1/feedback/requests", headers=auth(user))).json()["items"]
        assert made["id"] not in [m["id"] for m in mine]
    # Choosing bel with the header while the token names heemstede only is refused.
    r = await fb.get(
        f"/v1/feedback/requests/{made['id']}",
        headers={**auth("heemstede.medewerker"), "X-Dialoog-Tenant": "bel"},
    )
    assert r.status_code == 403


async def test_events_carry_no_text_address_or_link(world, mailbox, test_nats):
    fb, auth, people = world["fb"], world["auth"], world["people"]
    nc = await nats.connect(test_nats.url)
    seen: list = []
    sub = await nc.subscribe("hr.bel.feedback.>", cb=_keeper(seen))
    try:
        extern = outsider("Event Extern")
        request = (
            await fb.post(
                "/v1/feedback/requests",
                json=request_body(
                    people, [colleague(people, "bel.hr"), extern], purpose="Geheim doel voor het gesprek"
                ),
                headers=auth("bel.medewerker"),
            )
        ).json()
        link = link_in(await mailbox.wait_for(extern["email"]))
        await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
        mine = (await fb.get("/v1/feedback/assignments", headers=auth("bel.hr"))).json()["items"]
        assignment = next(a for a in mine if a["request_id"] == request["id"])
        await fb.post(
            f"/v1/feedback/assignments/{assignment['id']}/decline",
            json={"reason": "Geen tijd deze maand"},
            headers=auth("bel.hr"),
        )
        shown = await fb.get(f"/v1/feedback/requests/{request['id']}", headers=auth("bel.medewerker"))
        later = (today() + timedelta(days=30)).isoformat()
        moved = await fb.patch(
            f"/v1/feedback/requests/{request['id']}",
            json={"deadline": later},
            headers={**auth("bel.medewerker"), "If-Match": shown.headers["etag"]},
        )
        assert moved.status_code == 200, moved.text
        await fb.post(f"/v1/feedback/requests/{request['id']}/close", headers=auth("bel.medewerker"))
        wanted = {"created", "answered", "declined", "deadline_changed", "closed"}
        for _ in range(100):
            kinds = {
                m["subject"].rsplit(".", 1)[1] for m in seen if m["data"].get("request_id") == request["id"]
            }
            if wanted <= kinds:
                break
            await asyncio.sleep(0.1)
        assert wanted <= kinds, seen
    finally:
        await sub.unsubscribe()
        await nc.close()
    ours = [m for m in seen if m["data"].get("request_id") == request["id"]]
    raw = json.dumps(ours)
    for secret in (
        extern["email"],
        "Event Extern",
        link,
        link.split(".")[-1],
        "Geheim doel",
        OPEN_ANSWER[0]["text"],
        "Geen tijd",
    ):
        assert secret not in raw, secret
    created = next(m for m in ours if m["subject"].endswith(".created"))
    assert created["data"]["outsiders"] == 1 and created["data"]["colleague_ids"] == [str(people["bel.hr"])]
    deadline = next(m for m in ours if m["subject"].endswith(".deadline_changed"))
    assert deadline["data"] == {  # notificaties' reminder follows it (ADR 0037)
        "request_id": request["id"],
        "requester_id": str(people["bel.medewerker"]),
        "deadline": later,
        "version": moved.json()["version"],
    }
    answered = next(m for m in ours if m["subject"].endswith(".answered"))
    assert answered["data"] == {
        "request_id": request["id"],
        "requester_id": str(people["bel.medewerker"]),
        "answered": 1,
        "threshold_reached": True,
        "giver_id": None,  # an outsider answered: never named (a colleague would be, ADR 0030)
    }


def _keeper(seen: list):
    async def keep(msg) -> None:
        body = json.loads(msg.data)
        seen.append({"subject": msg.subject, "data": body["data"], "type": body["type"]})

    return keep


async def test_an_anonymous_request_tells_of_answers_only_from_the_threshold(world, test_nats):
    fb, auth, people, signed = world["fb"], world["auth"], world["people"], world["signed"]
    nc = await nats.connect(test_nats.url)
    seen: list = []
    sub = await nc.subscribe("hr.bel.feedback.request.answered", cb=_keeper(seen))
    try:
        givers = ["ruben.vermeer.bel", "kees.ouderen.bel", "lotte.nieuw.bel"]
        request = (
            await fb.post(
                "/v1/feedback/requests",
                json=request_body(people, [colleague(people, g) for g in givers], anonymous=True),
                headers=auth("bel.medewerker"),
            )
        ).json()
        counts = []
        for g in givers:
            headers = signed(f"{g}@demo.dialoog.example")
            mine = (await fb.get("/v1/feedback/assignments", headers=headers)).json()["items"]
            assignment = next(a for a in mine if a["request_id"] == request["id"])
            await fb.post(
                f"/v1/feedback/assignments/{assignment['id']}/answer",
                json={"answers": OPEN_ANSWER},
                headers=headers,
            )
            await asyncio.sleep(1.0)  # the relay publishes at once; anything early would be here
            counts.append(len([m for m in seen if m["data"]["request_id"] == request["id"]]))
    finally:
        await sub.unsubscribe()
        await nc.close()
    assert counts == [0, 0, 1]


async def test_answers_at_the_same_moment_reach_the_threshold_once(world, test_nats):
    """Three givers answer at once: the request is locked while an answer is counted, so exactly
    one `answered` event says the threshold is reached (never none, never two)."""
    fb, auth, people, signed = world["fb"], world["auth"], world["people"], world["signed"]
    givers = ["ruben.vermeer.bel", "kees.ouderen.bel", "lotte.nieuw.bel"]
    request = (
        await fb.post(
            "/v1/feedback/requests",
            json=request_body(people, [colleague(people, g) for g in givers], anonymous=True),
            headers=auth("bel.medewerker"),
        )
    ).json()
    calls = []
    for g in givers:
        headers = signed(f"{g}@demo.dialoog.example")
        mine = (await fb.get("/v1/feedback/assignments?limit=200", headers=headers)).json()["items"]
        assignment = next(a for a in mine if a["request_id"] == request["id"])
        calls.append((f"/v1/feedback/assignments/{assignment['id']}/answer", headers))
    nc = await nats.connect(test_nats.url)
    seen: list = []
    sub = await nc.subscribe("hr.bel.feedback.request.answered", cb=_keeper(seen))
    try:
        answers = await asyncio.gather(
            *(fb.post(url, json={"answers": OPEN_ANSWER}, headers=h) for url, h in calls)
        )
        assert [a.status_code for a in answers] == [200, 200, 200]
        await asyncio.sleep(1.5)
    finally:
        await sub.unsubscribe()
        await nc.close()
    ours = [m["data"] for m in seen if m["data"]["request_id"] == request["id"]]
    assert [(e["answered"], e["threshold_reached"]) for e in ours] == [(3, True)]
