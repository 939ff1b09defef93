"""Every feedback endpoint against every kind of caller (issue 12, "What it must show"): the
requester, a colleague she asked (the giver), a colleague who is neither, her manager, HR, the
tenant admin, someone of another tenant, and an outsider (no token; her link of another request
opens only that request). A request is its requester's: everyone else gets 404 (its existence is
not revealed), so her manager and HR see no content; an assignment is its giver's; question sets
and settings are the tenant admin's to change; HR and the admin see counts per unit only."""

from datetime import timedelta

import pytest

from dialoog.kit.clock import today

from .helpers import OPEN_ANSWER, colleague, link_in, outsider, request_body

MAIL = "demo.dialoog.example"
CALLERS = ("requester", "giver", "neither", "manager", "hr", "admin", "other_tenant", "outsider")


def only(who: str, status: int, others: int = 404, outsider: int = 401) -> dict:
    return {c: (status if c == who else outsider if c == "outsider" else others) for c in CALLERS}


def everyone(status: int, **overrides) -> dict:
    return {c: overrides.get(c, 401 if c == "outsider" else status) for c in CALLERS}


def admin_only(status: int, **overrides) -> dict:
    return {c: overrides.get(c, status if c == "admin" else 401 if c == "outsider" else 403) for c in CALLERS}


R = "/v1/feedback/requests/{request}"
A = "/v1/feedback/assignments/{assignment}"
MATRIX = {
    ("POST", "/v1/feedback/requests", "request"): everyone(
        201, other_tenant=422
    ),  # a bel colleague is unknown there
    ("GET", "/v1/feedback/requests", None): everyone(200),
    ("GET", R, None): only("requester", 200),
    ("PATCH", R, "deadline"): only("requester", 200),
    ("POST", R + "/givers", "givers"): only("requester", 200),
    ("POST", R + "/reminders", None): only("requester", 200),
    ("POST", R + "/close", None): only("requester", 200),
    ("PUT", R + "/self-reflection", "answers"): only("requester", 200),
    ("GET", R + "/results", None): only("requester", 200),
    ("POST", R + "/shares", "share"): only("requester", 201),
    ("GET", R + "/shares", None): only("requester", 200),
    ("GET", "/v1/feedback/assignments", None): everyone(200),
    ("GET", "/v1/feedback/colleagues", None): everyone(200),
    ("GET", A, None): only("giver", 200),
    ("PUT", A + "/draft", "answers"): only("giver", 200),
    ("POST", A + "/answer", "answers"): only("giver", 200),
    ("POST", A + "/decline", "decline"): only("giver", 200),
    ("GET", "/v1/feedback/question-sets", None): everyone(200),
    ("POST", "/v1/feedback/question-sets", "question_set"): admin_only(201),
    ("PUT", "/v1/feedback/question-sets/{set}", "question_set"): admin_only(200),
    ("GET", "/v1/feedback/settings", None): everyone(200),
    ("PUT", "/v1/feedback/settings", "settings"): admin_only(200),
    ("GET", "/v1/feedback/stats", None): admin_only(200, hr=200),
}
PUBLIC = (
    "/v1/feedback/public/link",
    "/v1/feedback/public/answer",
    "/v1/feedback/public/withdraw",
    "/v1/feedback/public/opt-out",
)


def test_the_matrix_covers_every_endpoint(world):
    routes = {
        (method.upper(), path)
        for path, item in world["fb"].app.openapi()["paths"].items()
        for method in item
        if path.startswith("/v1/")
    }
    covered = {
        (
            m,
            p.replace("{request}", "{request_id}")
            .replace("{assignment}", "{assignment_id}")
            .replace("{set}", "{set_id}"),
        )
        for m, p, _ in MATRIX
    }
    assert routes - covered == {("POST", p) for p in PUBLIC}  # keyed by the link, tested below
    assert covered <= routes


def headers_for(world, caller: str) -> dict:
    auth, signed = world["auth"], world["signed"]
    return {
        "requester": lambda: auth("bel.medewerker"),
        "giver": lambda: signed(f"lotte.nieuw.bel@{MAIL}"),
        "neither": lambda: signed(f"kees.ouderen.bel@{MAIL}"),
        "manager": lambda: auth("bel.leidinggevende"),
        "hr": lambda: auth("bel.hr"),
        "admin": lambda: auth("bel.beheer"),
        "other_tenant": lambda: auth("heemstede.medewerker"),
        "outsider": lambda: {},
    }[caller]()


def body(kind: str | None, people) -> dict | None:
    return {
        None: None,
        "request": request_body(people, [colleague(people, "ruben.vermeer.bel")]),
        "deadline": {"deadline": (today() + timedelta(days=20)).isoformat()},
        "givers": {"givers": [colleague(people, "kees.ouderen.bel")]},
        "answers": {"answers": OPEN_ANSWER},
        "share": {"summary": "Wat ik meeneem: helder uitleggen, vaker delegeren."},
        "decline": {"reason": "Geen tijd"},
        "question_set": {"name": {"nl": "Eigen set"}, "questions": [{"key": "een", "text": "Wat valt op?"}]},
        "settings": {"retention_months": 12},
    }[kind]


async def fresh(world) -> dict:
    """A named request by Sanne to Ruben (who answered) and Lotte (asked), and a question set."""
    fb, auth, people, signed = world["fb"], world["auth"], world["people"], world["signed"]
    givers = [colleague(people, "ruben.vermeer.bel"), colleague(people, "lotte.nieuw.bel")]
    request = (
        await fb.post(
            "/v1/feedback/requests", json=request_body(people, givers), headers=auth("bel.medewerker")
        )
    ).json()
    ruben = signed(f"ruben.vermeer.bel@{MAIL}")
    for a in (await fb.get("/v1/feedback/assignments?limit=200", headers=ruben)).json()["items"]:
        if a["request_id"] == request["id"]:
            await fb.post(
                f"/v1/feedback/assignments/{a['id']}/answer", json={"answers": OPEN_ANSWER}, headers=ruben
            )
    lotte = (
        await fb.get("/v1/feedback/assignments?limit=200", headers=signed(f"lotte.nieuw.bel@{MAIL}"))
    ).json()["items"]
    made_set = await fb.post(
        "/v1/feedback/question-sets", json=body("question_set", people), headers=auth("bel.beheer")
    )
    settings = await fb.get("/v1/feedback/settings", headers=auth("bel.beheer"))
    return {
        "request": request["id"],
        "assignment": next(a["id"] for a in lotte if a["request_id"] == request["id"]),
        "set": made_set.json()["id"],
        "settings_etag": settings.headers["etag"],
    }


CASES = [(m, p, k, c, expected[c]) for (m, p, k), expected in MATRIX.items() for c in CALLERS]


@pytest.mark.parametrize(
    ("method", "path", "kind", "caller", "status"), CASES, ids=[f"{m} {p} {c}" for m, p, _, c, _ in CASES]
)
async def test_who_may_do_what(world, method, path, kind, caller, status):
    fb = world["fb"]
    ids = await fresh(world)
    url = path.format(**ids)
    headers = headers_for(world, caller)
    if (method in ("PATCH", "PUT") and "question-sets" in path) or (method == "PATCH"):
        headers["If-Match"] = '"1"'
    if path == "/v1/feedback/settings" and method == "PUT":
        headers["If-Match"] = ids["settings_etag"]
    r = await fb.request(method, url, json=body(kind, world["people"]), headers=headers)
    assert r.status_code == status, r.text
    if status >= 400:
        assert r.headers["content-type"].startswith("application/problem+json")
        # A refusal never carries content of the request.
        assert "Je legt ingewikkelde" not in r.text and "Voorbereiding" not in r.text


async def test_an_outsiders_link_opens_only_its_own_request_whatever_token_comes_with_it(world, mailbox):
    fb, auth, people = world["fb"], world["auth"], world["people"]
    mine = outsider("Matrix Extern")
    theirs = outsider("Ander Extern")
    first = (
        await fb.post(
            "/v1/feedback/requests",
            json=request_body(people, [mine], purpose="Eerste verzoek hier"),
            headers=auth("bel.medewerker"),
        )
    ).json()
    second = (
        await fb.post(
            "/v1/feedback/requests",
            json=request_body(people, [theirs], purpose="Tweede verzoek elders"),
            headers=auth("bel.leidinggevende"),
        )
    ).json()
    link = link_in(await mailbox.wait_for(theirs["email"]))
    # The other request's link shows the other request, answers only it, with or without a token.
    shown = (await fb.post(PUBLIC[0], json={"link": link}, headers=auth("bel.medewerker"))).json()
    assert shown["purpose"] == "Tweede verzoek elders" and shown["giver_name"] == "Ander Extern"
    assert (await fb.post(PUBLIC[1], json={"link": link, "answers": OPEN_ANSWER})).status_code == 200
    assert (
        await fb.get(f"/v1/feedback/requests/{first['id']}/results", headers=auth("bel.medewerker"))
    ).json()["answered"] == 0
    assert (
        await fb.get(f"/v1/feedback/requests/{second['id']}/results", headers=auth("bel.leidinggevende"))
    ).json()["answered"] == 1
    # A token is no key to the public endpoints: without a genuine link, nothing.
    for path in PUBLIC:
        r = await fb.post(
            path,
            json={"link": "x" * 40} | ({"answers": OPEN_ANSWER} if path.endswith("answer") else {}),
            headers=auth("bel.beheer"),
        )
        assert r.status_code == 404 and r.json()["code"] == "feedback-link-invalid"
    # Nor can the outsider's link reach the requester's endpoints.
    r = await fb.get(f"/v1/feedback/requests/{second['id']}", headers={"Authorization": f"Bearer {link}"})
    assert r.status_code == 401
