"""The anonymity rule against the real service: nothing below the threshold (and how many are
still needed), pooled at the threshold, a group apart only when it alone reaches it; no giver, no
time, no per-giver state for an anonymous request."""

from .helpers import OPEN_ANSWER, colleague, link_in, outsider, request_body


async def _answer_as(fb, headers, request_id):
    mine = (await fb.get("/v1/feedback/assignments", headers=headers)).json()["items"]
    assignment = next(a for a in mine if a["request_id"] == request_id)
    r = await fb.post(
        f"/v1/feedback/assignments/{assignment['id']}/answer", json={"answers": OPEN_ANSWER}, headers=headers
    )
    assert r.status_code == 200, r.text


async def test_two_answers_show_nothing_three_are_pooled(world, mailbox):
    fb, auth, people, signed = world["fb"], world["auth"], world["people"], world["signed"]
    extern = outsider("Olga Extern")
    givers = [colleague(people, "ruben.vermeer.bel"), colleague(people, "kees.ouderen.bel"), extern]
    made = await fb.post(
        "/v1/feedback/requests",
        json=request_body(people, givers, anonymous=True),
        headers=auth("bel.medewerker"),
    )
    assert made.status_code == 201, made.text
    request = made.json()
    assert request["threshold"] == 3 and request["anonymous"]
    # Who was asked, without anyone's state (nor an id to match answers with).
    assert all(
        set(g) >= {"kind", "name"} and g.get("state") is None and g.get("id") is None
        for g in request["givers"]
    )
    url = f"/v1/feedback/requests/{request['id']}/results"

    await _answer_as(fb, signed("ruben.vermeer.bel@demo.dialoog.example"), request["id"])
    await _answer_as(fb, signed("kees.ouderen.bel@demo.dialoog.example"), request["id"])
    two = (await fb.get(url, headers=auth("bel.medewerker"))).json()
    assert (two["answered"], two["visible"], two["needed"], two["groups"]) == (2, False, 1, [])
    assert "Je legt ingewikkelde" not in str(two)
    counts = (await fb.get(f"/v1/feedback/requests/{request['id']}", headers=auth("bel.medewerker"))).json()[
        "counts"
    ]
    assert counts["answered"] == 2

    link = link_in(await mailbox.wait_for(extern["email"]))
    assert (
        await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
    ).status_code == 200
    three = (await fb.get(url, headers=auth("bel.medewerker"))).json()
    assert (three["answered"], three["visible"], three["needed"]) == (3, True, 0)
    assert [g["group"] for g in three["groups"]] == ["all"]  # no group apart below the threshold
    pooled = three["groups"][0]["answers"]
    assert len(pooled) == 6 and all(
        set(a) == {"answer_id", "question_key", "text", "rating", "comment"} for a in pooled
    )
    assert [a["question_key"] for a in pooled] == ["sterk"] * 3 + ["samen"] * 3
    assert three["groups"][0]["giver_name"] is None

    # The outsider withdraws: below the threshold again, nothing shown.
    assert (await fb.post("/v1/feedback/public/withdraw", json={"link": link})).json()["state"] == "withdrawn"
    back = (await fb.get(url, headers=auth("bel.medewerker"))).json()
    assert (back["visible"], back["needed"], back["groups"]) == (False, 1, [])


async def test_a_group_is_shown_apart_only_when_it_alone_reaches_the_threshold(world, mailbox):
    fb, auth, people, signed = world["fb"], world["auth"], world["people"], world["signed"]
    colleagues = ["ruben.vermeer.bel", "kees.ouderen.bel", "lotte.nieuw.bel"]
    outsiders = [outsider(f"Groep{i} Extern") for i in range(3)]
    givers = [colleague(people, c) for c in colleagues] + outsiders
    request = (
        await fb.post(
            "/v1/feedback/requests",
            json=request_body(people, givers, anonymous=True),
            headers=auth("bel.medewerker"),
        )
    ).json()
    url = f"/v1/feedback/requests/{request['id']}/results"
    for c in colleagues:
        await _answer_as(fb, signed(f"{c}@demo.dialoog.example"), request["id"])
    only = (await fb.get(url, headers=auth("bel.medewerker"))).json()
    assert [g["group"] for g in only["groups"]] == ["all"]  # one group alone says nothing apart
    first = link_in(await mailbox.wait_for(outsiders[0]["email"]))
    await fb.post("/v1/feedback/public/answer", json={"link": first, "answers": OPEN_ANSWER})
    # 3 colleagues and 1 outsider: the outsider would stand alone, so everything stays pooled.
    four = (await fb.get(url, headers=auth("bel.medewerker"))).json()
    assert [g["group"] for g in four["groups"]] == ["all"]
    for o in outsiders[1:]:
        link = link_in(await mailbox.wait_for(o["email"]))
        await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
    six = (await fb.get(url, headers=auth("bel.medewerker"))).json()
    assert [(g["group"], len(g["answers"])) for g in six["groups"]] == [("colleagues", 6), ("outsiders", 6)]


async def test_an_anonymous_request_needs_at_least_the_threshold_of_givers(world):
    fb, auth, people = world["fb"], world["auth"], world["people"]
    body = request_body(
        people,
        [colleague(people, "ruben.vermeer.bel"), colleague(people, "kees.ouderen.bel")],
        anonymous=True,
    )
    r = await fb.post("/v1/feedback/requests", json=body, headers=auth("bel.medewerker"))
    assert r.status_code == 422 and r.json()["code"] == "feedback-rule"
    assert [e["field"] for e in r.json()["errors"]] == ["body.givers"]
