"""Bad input gets problem+json, never a 500 and never a partial write: a wrong shape is 422
`validation`, a rule the schema cannot say is 422 `feedback-rule`, text PostgreSQL cannot store is
422 `invalid-text`, a broken cursor 422 `invalid-cursor`."""

import json
from datetime import timedelta

import pytest

from dialoog.kit.clock import today

from .helpers import OPEN_ANSWER, colleague, outsider, request_body


def assert_problem(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    return response.json()


async def _count(world) -> int:
    items = (
        await world["fb"].get("/v1/feedback/requests?limit=200", headers=world["auth"]("bel.medewerker"))
    ).json()["items"]
    return len(items)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b | {"questions": []}, "body.questions"),
        (lambda b: b | {"questions": [{"text": "x" * 501}]}, "body.questions.0"),
        (lambda b: b | {"givers": []}, "body.givers"),
        (
            lambda b: b | {"givers": [{"name": "Piet\nBcc: x@y.nl", "email": "piet@extern.example.nl"}]},
            "body.givers.0",
        ),
        (lambda b: b | {"givers": [{"person_id": "not-a-uuid"}]}, "body.givers.0"),
        (lambda b: b | {"deadline": "morgen"}, "body.deadline"),
        (lambda b: b | {"purpose": ""}, "body.purpose"),
        (lambda b: b | {"extra": 1}, "body.extra"),
        (
            lambda b: (
                b | {"givers": [{"name": f"P{i}", "email": f"p{i}@extern.example.nl"} for i in range(31)]}
            ),
            "body.givers",
        ),
    ],
)
async def test_a_wrong_shape_is_validation(world, change, field):
    before = await _count(world)
    body = change(request_body(world["people"], [colleague(world["people"], "bel.hr")]))
    problem = assert_problem(
        await world["fb"].post("/v1/feedback/requests", json=body, headers=world["auth"]("bel.medewerker")),
        422,
        "validation",
    )
    assert any(e["field"].startswith(field) for e in problem["errors"]), problem
    assert await _count(world) == before


async def test_an_address_that_cannot_exist_is_rule(world):
    body = request_body(world["people"], [{"name": "Piet", "email": "geen-adres"}])
    response = await world["fb"].post(
        "/v1/feedback/requests", json=body, headers=world["auth"]("bel.medewerker")
    )
    problem = assert_problem(response, 422, "rule")
    assert [e["field"] for e in problem["errors"]] == ["body.givers.0.outsider.email"]


@pytest.mark.parametrize(
    ("givers", "extra", "field"),
    [
        (lambda p: [colleague(p, "bel.medewerker")], {}, "body.givers[0].person_id"),  # herself
        (lambda p: [colleague(p, "bel.hr"), colleague(p, "bel.hr")], {}, "body.givers[1].person_id"),
        (lambda p: [colleague(p, "heemstede.hr")], {}, "body.givers[0].person_id"),  # another tenant's
        (
            lambda p: [colleague(p, "bel.hr")],
            {"deadline": (today() - timedelta(days=1)).isoformat()},
            "body.deadline",
        ),
        (
            lambda p: [colleague(p, "bel.hr")],
            {"deadline": (today() + timedelta(days=91)).isoformat()},
            "body.deadline",
        ),
        (
            lambda p: [colleague(p, "bel.hr")],
            {"questions": [{"key": "a", "text": "Een vraag?"}, {"key": "a", "text": "Nog een?"}]},
            "body.questions",
        ),
    ],
)
async def test_rules_the_schema_cannot_say_are_feedback_rule(world, givers, extra, field):
    before = await _count(world)
    body = request_body(world["people"], givers(world["people"])) | extra
    problem = assert_problem(
        await world["fb"].post("/v1/feedback/requests", json=body, headers=world["auth"]("bel.medewerker")),
        422,
        "feedback-rule",
    )
    assert [e["field"] for e in problem["errors"]] == [field]
    assert await _count(world) == before


async def test_answers_that_do_not_fit_are_refused_and_nothing_is_kept(world, mailbox):
    from .helpers import link_in

    fb, auth, people = world["fb"], world["auth"], world["people"]
    extern = outsider("Fout Extern")
    request = (
        await fb.post(
            "/v1/feedback/requests", json=request_body(people, [extern]), headers=auth("bel.medewerker")
        )
    ).json()
    link = link_in(await mailbox.wait_for(extern["email"]))
    for answers in (
        [{"question_key": "onbekend", "text": "?"}],
        [{"question_key": "samen", "text": "een tekst bij een score"}],
        [{"question_key": "sterk", "rating": 3}],
        [],
    ):
        assert_problem(
            await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": answers}),
            422,
            "feedback-rule",
        )
    assert_problem(
        await fb.post(
            "/v1/feedback/public/answer",
            json={"link": link, "answers": [{"question_key": "samen", "rating": 6}]},
        ),
        422,
        "validation",
    )
    nul = await fb.post(
        "/v1/feedback/public/answer",
        content=json.dumps(
            {"link": link, "answers": [{"question_key": "sterk", "text": "A\u0000B"}]}
        ).encode(),
        headers={"content-type": "application/json"},
    )
    assert_problem(nul, 422, "invalid-text")
    assert (await fb.post("/v1/feedback/public/link", json={"link": link})).json()[
        "state"
    ] == "open"  # unspent
    results = (
        await fb.get(f"/v1/feedback/requests/{request['id']}/results", headers=auth("bel.medewerker"))
    ).json()
    assert results["answered"] == 0
    assert (
        await fb.post("/v1/feedback/public/answer", json={"link": link, "answers": OPEN_ANSWER})
    ).status_code == 200


@pytest.mark.parametrize(
    ("method", "url", "code"),
    [
        ("GET", "/v1/feedback/requests/not-a-uuid", "validation"),
        ("GET", "/v1/feedback/requests?limit=0", "validation"),
        ("GET", "/v1/feedback/requests?limit=9223372036854775808", "validation"),
        ("GET", "/v1/feedback/requests?cursor=AAAA", "invalid-cursor"),
        ("GET", "/v1/feedback/assignments?cursor=kapot", "invalid-cursor"),
        ("GET", "/v1/feedback/stats?year=2147483648", "validation"),
        ("GET", "/v1/feedback/requests/00000000-0000-0000-0000-000000000000", "feedback-request-not-found"),
        (
            "GET",
            "/v1/feedback/assignments/00000000-0000-0000-0000-000000000000",
            "feedback-assignment-not-found",
        ),
    ],
)
async def test_bad_paths_and_queries(world, method, url, code):
    response = await world["fb"].request(method, url, headers=world["auth"]("bel.hr"))
    assert response.status_code in (404, 422)
    assert_problem(response, response.status_code, code)


async def test_writes_without_if_match_and_with_a_stale_one(world):
    fb, auth, people = world["fb"], world["auth"], world["people"]
    request = (
        await fb.post(
            "/v1/feedback/requests",
            json=request_body(people, [colleague(people, "bel.hr")]),
            headers=auth("bel.medewerker"),
        )
    ).json()
    later = {"deadline": (today() + timedelta(days=30)).isoformat()}
    url = f"/v1/feedback/requests/{request['id']}"
    assert_problem(
        await fb.patch(url, json=later, headers=auth("bel.medewerker")), 428, "precondition-required"
    )
    assert_problem(
        await fb.patch(url, json=later, headers={**auth("bel.medewerker"), "If-Match": '"7"'}),
        412,
        "precondition-failed",
    )
    assert (await fb.get(url, headers=auth("bel.medewerker"))).json()["deadline"] == request["deadline"]
    stale_set = await fb.put(
        "/v1/feedback/question-sets/00000000-0000-0000-0000-000000000000",
        json={"name": {"nl": "X"}, "questions": [{"text": "Een vraag?"}]},
        headers={**auth("bel.beheer"), "If-Match": '"1"'},
    )
    assert_problem(stale_set, 404, "question-set-not-found")


async def test_the_default_question_sets_exist_and_an_admin_can_change_one(world):
    fb, auth = world["fb"], world["auth"]
    sets = (await fb.get("/v1/feedback/question-sets", headers=auth("bel.medewerker"))).json()["items"]
    good = next(s for s in sets if s["name"]["nl"].startswith("Het goede gesprek"))
    assert [q["key"] for q in good["questions"]] == list("abcdef") and good["builtin"]
    changed = await fb.put(
        f"/v1/feedback/question-sets/{good['id']}",
        json={"name": {"nl": "Het goede gesprek (BEL)"}, "questions": good["questions"][:3]},
        headers={**auth("bel.beheer"), "If-Match": '"1"'},
    )
    assert changed.status_code == 200 and changed.headers["etag"] == '"2"', changed.text
    again = await fb.put(
        f"/v1/feedback/question-sets/{good['id']}",
        json={"name": {"nl": "Nog eens"}, "questions": good["questions"][:1]},
        headers={**auth("bel.beheer"), "If-Match": '"1"'},
    )
    assert_problem(again, 412, "precondition-failed")
    heemstede = (await fb.get("/v1/feedback/question-sets", headers=auth("heemstede.medewerker"))).json()[
        "items"
    ]
    assert next(s for s in heemstede if s["id"] == good["id"])["version"] == 1  # bel's change is bel's
