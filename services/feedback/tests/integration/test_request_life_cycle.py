"""A request from ask to share: colleagues and an outsider asked, the outsider's mail with her
personal link, drafts, answers, declines, self-reflection, deadline, reminders, closing, sharing
into the portfolio (feedback.shared), and the limits of a day."""

import asyncio
from datetime import timedelta

from dialoog.kit.clock import today
from dialoog.testing.mailbox import recipients, text_of

from .helpers import OPEN_ANSWER, colleague, link_in, outsider, request_body


async def test_a_named_request_from_ask_to_share(world, mailbox):
    fb, auth, people = world["fb"], world["auth"], world["people"]
    extern = outsider("Petra Extern")
    body = request_body(
        people, [colleague(people, "bel.hr"), colleague(people, "bel.leidinggevende"), extern]
    )
    made = await fb.post("/v1/feedback/requests", json=body, headers=auth("bel.medewerker"))
    assert made.status_code == 201, made.text
    request = made.json()
    assert made.headers["etag"] == '"1"' and made.headers["location"].endswith(request["id"])
    assert request["state"] == "open" and request["counts"] == {"asked": 3, "answered": 0, "declined": 0}
    groups = {g["name"]: (g["state"], g["group"]) for g in request["givers"]}
    assert groups["Mark Jansen"] == ("asked", "manager") and groups["Fatima El Amrani"] == (
        "asked",
        "colleagues",
    )
    assert groups["Petra Extern"] == ("asked", "outsiders")

    # The outsider's invitation: who asks, why, until when, and her personal link.
    invitation = await mailbox.wait_for(extern["email"])
    assert "Sanne de Vries vraagt uw feedback" in str(invitation["Subject"])
    assert "Voorbereiding op mijn ontwikkelgesprek" in text_of(invitation)
    link = link_in(invitation)
    assert invitation["Message-ID"]

    # The giver's side: listed, a draft kept, then the answer.
    mine = (await fb.get("/v1/feedback/assignments", headers=auth("bel.hr"))).json()["items"]
    assignment = next(a for a in mine if a["request_id"] == request["id"])
    assert assignment["requester_name"] == "Sanne de Vries" and assignment["state"] == "asked"
    url = f"/v1/feedback/assignments/{assignment['id']}"
    draft = await fb.put(url + "/draft", json={"answers": OPEN_ANSWER[:1]}, headers=auth("bel.hr"))
    assert draft.status_code == 200 and draft.json()["state"] == "draft"
    assert (await fb.get(url, headers=auth("bel.hr"))).json()["draft"][0]["text"] == OPEN_ANSWER[0]["text"]
    answered = await fb.post(url + "/answer", json={"answers": OPEN_ANSWER}, headers=auth("bel.hr"))
    assert answered.status_code == 200 and answered.json()["state"] == "answered", answered.text
    again = await fb.post(url + "/answer", json={"answers": OPEN_ANSWER}, headers=auth("bel.hr"))
    assert again.status_code == 409 and again.json()["code"] == "feedback-state"

    # The manager declines with a reason (the requester sees that she declined, not why).
    mark = (await fb.get("/v1/feedback/assignments", headers=auth("bel.leidinggevende"))).json()["items"]
    mark_id = next(a["id"] for a in mark if a["request_id"] == request["id"])
    declined = await fb.post(
        f"/v1/feedback/assignments/{mark_id}/decline",
        json={"reason": "Te kort samengewerkt"},
        headers=auth("bel.leidinggevende"),
    )
    assert declined.status_code == 200 and declined.json()["state"] == "declined"

    # The outsider answers on the public page.
    assert (await fb.post("/v1/feedback/public/link", json={"link": link})).json()["state"] == "open"
    public = await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
    assert public.status_code == 200 and public.json()["state"] == "answered", public.text

    # Self-reflection, then the results per giver with names (a named request).
    own = await fb.put(
        f"/v1/feedback/requests/{request['id']}/self-reflection",
        json={"answers": [{"question_key": "sterk", "text": "Ik leg goed uit."}]},
        headers=auth("bel.medewerker"),
    )
    assert own.status_code == 200 and own.json()["answers"][0]["text"] == "Ik leg goed uit."
    results = (
        await fb.get(f"/v1/feedback/requests/{request['id']}/results", headers=auth("bel.medewerker"))
    ).json()
    assert results["visible"] and results["answered"] == 2 and results["needed"] == 0
    assert sorted(g["giver_name"] for g in results["groups"]) == ["Fatima El Amrani", "Petra Extern"]
    assert results["self_reflection"][0]["text"] == "Ik leg goed uit."
    shown = (await fb.get(f"/v1/feedback/requests/{request['id']}", headers=auth("bel.medewerker"))).json()
    assert shown["counts"] == {"asked": 3, "answered": 2, "declined": 1}
    assert "Te kort samengewerkt" not in str(shown)

    # Share one answer and a summary; sharing the same answer again is the same item.
    answer_id = results["groups"][0]["answers"][0]["answer_id"]
    shared = await fb.post(
        f"/v1/feedback/requests/{request['id']}/shares",
        json={"answer_ids": [answer_id]},
        headers=auth("bel.medewerker"),
    )
    assert shared.status_code == 201, shared.text
    item = shared.json()["items"][0]
    twice = await fb.post(
        f"/v1/feedback/requests/{request['id']}/shares",
        json={"answer_ids": [answer_id]},
        headers=auth("bel.medewerker"),
    )
    assert twice.json()["items"] == [item]
    summary = await fb.post(
        f"/v1/feedback/requests/{request['id']}/shares",
        json={"summary": "Ik leg goed uit; meer delegeren."},
        headers=auth("bel.medewerker"),
    )
    assert summary.status_code == 201 and summary.json()["items"][0]["kind"] == "summary"
    listed = (
        await fb.get(f"/v1/feedback/requests/{request['id']}/shares", headers=auth("bel.medewerker"))
    ).json()["items"]
    assert len(listed) == 2

    # Deadline (If-Match), then close: no more answers.
    later = (today() + timedelta(days=30)).isoformat()
    stale = await fb.patch(
        f"/v1/feedback/requests/{request['id']}",
        json={"deadline": later},
        headers={**auth("bel.medewerker"), "If-Match": '"0"'},
    )
    assert stale.status_code == 412
    moved = await fb.patch(
        f"/v1/feedback/requests/{request['id']}",
        json={"deadline": later},
        headers={**auth("bel.medewerker"), "If-Match": shown_etag(shown)},
    )
    assert moved.status_code == 200 and moved.json()["deadline"] == later, moved.text
    closed = await fb.post(f"/v1/feedback/requests/{request['id']}/close", headers=auth("bel.medewerker"))
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    late = await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
    assert late.status_code == 409 and late.json()["code"] == "feedback-link-spent"
    assert (
        await fb.post(f"/v1/feedback/requests/{request['id']}/close", headers=auth("bel.medewerker"))
    ).status_code == 409


def shown_etag(view: dict) -> str:
    return f'"{view["version"]}"'


async def test_reminders_mail_outsiders_who_have_not_answered_once_a_day(world, mailbox):
    fb, auth, people = world["fb"], world["auth"], world["people"]
    waiting, done = outsider("Wim Wacht"), outsider("Dana Klaar")
    made = (
        await fb.post(
            "/v1/feedback/requests",
            json=request_body(people, [waiting, done]),
            headers=auth("bel.medewerker"),
        )
    ).json()
    done_link = link_in(await mailbox.wait_for(done["email"]))
    await mailbox.wait_for(waiting["email"])
    assert (
        await fb.post("/v1/feedback/public/answer", json={"link": done_link, "answers": OPEN_ANSWER})
    ).status_code == 200
    reminded = await fb.post(f"/v1/feedback/requests/{made['id']}/reminders", headers=auth("bel.medewerker"))
    assert reminded.status_code == 200 and reminded.json() == {"reminded": 1, "mailed": 1}
    reminder = await mailbox.wait_for(waiting["email"], count=2)
    assert str(reminder["Subject"]).startswith("Herinnering")
    # The fresh link in the reminder works too (reading it spends nothing).
    assert (await fb.post("/v1/feedback/public/link", json={"link": link_in(reminder)})).json()[
        "state"
    ] == "open"
    again = await fb.post(f"/v1/feedback/requests/{made['id']}/reminders", headers=auth("bel.medewerker"))
    assert (
        again.status_code == 429
        and again.json()["code"] == "rate-limited"
        and int(again.headers["retry-after"]) > 0
    )
    await asyncio.sleep(1.0)
    assert len(mailbox.messages(done["email"])) == 1  # who answered is not reminded


async def test_the_eleventh_outsider_of_the_day_is_refused_and_nothing_is_sent(
    world, mailbox, service_client
):
    """The cap of 10 outsider invitations per requester per day (the default): the request that
    would pass it gets 429 with Retry-After, and neither it nor any of its mails is stored."""
    async with service_client("feedback") as fb:
        await _eleventh(fb, world, mailbox)


async def _eleventh(fb, world, mailbox):
    auth, people = world["auth"], world["people"]
    requester = "heemstede.medewerker"  # no other test invites outsiders for her
    first = [outsider(f"Eerste{i} Extern") for i in range(7)]
    second = [outsider(f"Tweede{i} Extern") for i in range(3)]
    eleventh = outsider("Elfde Extern")
    for givers in (first, second):
        r = await fb.post("/v1/feedback/requests", json=request_body(people, givers), headers=auth(requester))
        assert r.status_code == 201, r.text
    before = (await fb.get("/v1/feedback/requests", headers=auth(requester))).json()["items"]
    refused = await fb.post(
        "/v1/feedback/requests",
        json=request_body(people, [colleague(people, "heemstede.hr"), eleventh]),
        headers=auth(requester),
    )
    assert refused.status_code == 429 and refused.json()["code"] == "rate-limited", refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert 0 < int(refused.headers["retry-after"]) <= 86400
    after = (await fb.get("/v1/feedback/requests", headers=auth(requester))).json()["items"]
    assert len(after) == len(before)  # the request was not made
    # Adding the eleventh to an existing request is refused the same way.
    more = await fb.post(
        f"/v1/feedback/requests/{before[0]['id']}/givers",
        json={"givers": [eleventh]},
        headers=auth(requester),
    )
    assert more.status_code == 429
    await mailbox.wait_until(
        lambda ms: all(any(o["email"] in recipients(m) for m in ms) for o in first + second),
        what="ten invitations",
    )
    await asyncio.sleep(1.5)  # the sender would have sent it by now
    assert mailbox.messages(eleventh["email"]) == []
    # A colleague can still be asked: the cap is on outsiders only.
    ok = await fb.post(
        "/v1/feedback/requests",
        json=request_body(people, [colleague(people, "heemstede.hr")]),
        headers=auth(requester),
    )
    assert ok.status_code == 201


async def test_colleagues_to_ask_manager_first_then_team_then_the_rest(world):
    fb, auth = world["fb"], world["auth"]
    found = (await fb.get("/v1/feedback/colleagues", headers=auth("bel.medewerker"))).json()["items"]
    names = [(c["name"], c["relation"]) for c in found]
    assert names[0] == ("Mark Jansen", "manager")
    assert [n for n, r in names if r == "team"] == ["Kees Ouderen", "Lotte Nieuw"]
    assert "Sanne de Vries" not in [n for n, _ in names]  # not herself
    assert all(c["org_unit_name"] for c in found) and len(names) >= 6
    assert all(r == "other" for _, r in names[3:])
    only = (await fb.get("/v1/feedback/colleagues?q=OUDER", headers=auth("bel.medewerker"))).json()["items"]
    assert [c["name"] for c in only] == ["Kees Ouderen"]
    none = (await fb.get("/v1/feedback/colleagues?q=%25_", headers=auth("bel.medewerker"))).json()["items"]
    assert none == []  # % and _ are letters here, not wildcards
    first = (await fb.get("/v1/feedback/colleagues?limit=2", headers=auth("bel.medewerker"))).json()
    rest = (
        await fb.get(
            f"/v1/feedback/colleagues?limit=50&cursor={first['next_cursor']}", headers=auth("bel.medewerker")
        )
    ).json()
    assert [c["name"] for c in first["items"] + rest["items"]] == [n for n, _ in names]
