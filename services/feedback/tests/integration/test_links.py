"""An outsider's personal link: reading spends nothing, answering spends it, an altered link is
invalid, an expired one says so, she can withdraw her answer and opt out, after which her address
cannot be invited again in that tenant. Never a 500."""

import json

from .helpers import OPEN_ANSWER, link_for, link_in, outsider, request_body


async def _invite(world, mailbox, who="Link Extern", requester="bel.medewerker"):
    fb, auth, people = world["fb"], world["auth"], world["people"]
    extern = outsider(who)
    made = await fb.post(
        "/v1/feedback/requests", json=request_body(people, [extern]), headers=auth(requester)
    )
    assert made.status_code == 201, made.text
    return made.json(), extern, link_in(await mailbox.wait_for(extern["email"]))


async def test_reading_spends_nothing_answering_spends_the_link(world, mailbox):
    fb = world["fb"]
    request, extern, link = await _invite(world, mailbox)
    for _ in range(3):  # a link scanner, the outsider, the outsider again
        page = await fb.post("/v1/feedback/public/link", json={"link": link})
        assert page.status_code == 200, page.text
    shown = page.json()
    assert shown["state"] == "open" and shown["tenant"]["name"] == "BEL Combinatie"
    assert shown["requester_name"] == "Sanne de Vries" and shown["giver_name"] == "Link Extern"
    assert shown["retention_months"] == 12 and shown["purpose"] == request["purpose"]
    assert [q["key"] for q in shown["questions"]] == ["sterk", "samen"]
    assert extern["email"] not in json.dumps(shown)
    answered = await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    assert (await fb.post("/v1/feedback/public/link", json={"link": link})).json()["state"] == "answered"
    again = await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
    assert again.status_code == 409 and again.json()["code"] == "feedback-link-spent"


async def test_an_altered_link_is_invalid_and_an_expired_one_expired(world, mailbox):
    fb, auth = world["fb"], world["auth"]
    request, _, link = await _invite(world, mailbox, "Oud Extern")
    for altered in (
        link[:-1] + ("A" if link[-1] != "A" else "B"),
        link[:5] + ("x" if link[5] != "x" else "y") + link[6:],
        link + "x",
        "kapot",
    ):
        for path in ("link", "answer", "withdraw", "opt-out"):
            body = {"link": altered} | ({"answers": OPEN_ANSWER} if path == "answer" else {})
            r = await fb.post(f"/v1/feedback/public/{path}", json=body)
            assert r.status_code in (404, 422), (path, altered, r.text)
            if r.status_code == 404:
                assert r.json()["code"] == "feedback-link-invalid"
    giver = (await fb.get(f"/v1/feedback/requests/{request['id']}", headers=auth("bel.medewerker"))).json()[
        "givers"
    ][0]
    expired = link_for("bel", giver["id"], days=-1)
    assert (await fb.post("/v1/feedback/public/link", json={"link": expired})).json()["state"] == "expired"
    late = await fb.post("/v1/feedback/public/answer", json={"link": expired, "answers": OPEN_ANSWER})
    assert late.status_code == 410 and late.json()["code"] == "feedback-link-expired"
    # The same invitation named under another tenant (a genuine signature, another tenant's
    # rows): nothing of bel is found there.
    elsewhere = link_for("heemstede", giver["id"])
    assert (await fb.post("/v1/feedback/public/link", json={"link": elsewhere})).json()[
        "code"
    ] == "feedback-link-invalid"
    # The real link still works: nothing was spent by all that.
    assert (await fb.post("/v1/feedback/public/link", json={"link": link})).json()["state"] == "open"


async def test_withdraw_then_opt_out_and_the_address_is_never_invited_again(world, mailbox):
    fb, auth, people = world["fb"], world["auth"], world["people"]
    request, extern, link = await _invite(world, mailbox, "Weg Extern")
    await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
    results = f"/v1/feedback/requests/{request['id']}/results"
    assert (await fb.get(results, headers=auth("bel.medewerker"))).json()["answered"] == 1
    withdrawn = await fb.post("/v1/feedback/public/withdraw", json={"link": link})
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    after = (await fb.get(results, headers=auth("bel.medewerker"))).json()
    assert after["answered"] == 0 and after["groups"] == []
    opted = await fb.post("/v1/feedback/public/opt-out", json={"link": link})
    assert opted.status_code == 200 and opted.json()["opted_out"] is True
    view = (await fb.get(f"/v1/feedback/requests/{request['id']}", headers=auth("bel.medewerker"))).json()
    assert view["givers"][0]["email"] is None  # the address itself is forgotten
    for requester in ("bel.medewerker", "bel.leidinggevende"):
        again = await fb.post(
            "/v1/feedback/requests",
            json=request_body(people, [{"name": "Weg Extern", "email": extern["email"].upper()}]),
            headers=auth(requester),
        )
        assert again.status_code == 422 and again.json()["code"] == "feedback-rule", again.text
        assert [e["field"] for e in again.json()["errors"]] == ["body.givers[0].email"]
    # In another tenant the address may be asked (the opt-out is per tenant).
    elsewhere = await fb.post(
        "/v1/feedback/requests",
        json=request_body(people, [{"name": "Weg Extern", "email": extern["email"]}]),
        headers=auth("rijk.medewerker"),
    )
    assert elsewhere.status_code == 201, elsewhere.text
