"""Who may call what (every route against every kind of caller), tenant isolation (A's person
never sees or marks B's items), and bad input answered with problem+json, never a 500."""

import pytest

from .helpers import address, inbox_until, publish, tasks_assigned

CALLERS = ("manager", "employee", "hr", "admin", "other_tenant", "anonymous")


def everyone(status: int, **overrides) -> dict:
    return {c: overrides.get(c, 401 if c == "anonymous" else status) for c in CALLERS}


def admin_only(status: int) -> dict:
    return {c: status if c == "admin" else 401 if c == "anonymous" else 403 for c in CALLERS}


PREFS = {"language": "nl", "categories": {}, "digest_hour": 8, "digest_weekday": 1, "quiet_hours": None}
MATRIX = {
    ("GET", "/v1/inbox"): everyone(200),
    ("GET", "/v1/inbox/unread-count"): everyone(200),
    ("POST", "/v1/inbox/read-all"): everyone(200),
    ("POST", "/v1/inbox/{item}/read"): everyone(404, manager=200),  # the manager's own item
    ("GET", "/v1/preferences/me"): everyone(200),
    ("PUT", "/v1/preferences/me"): everyone(200),
    ("GET", "/v1/preferences/defaults"): admin_only(200),
    ("PUT", "/v1/preferences/defaults"): admin_only(200),
}


@pytest.fixture(scope="module")
async def callers(world):
    auth = world["auth"]
    return {
        "manager": auth("bel.leidinggevende"),
        "employee": auth("bel.medewerker"),
        "hr": auth("bel.hr"),
        "admin": auth("bel.beheer"),
        "other_tenant": auth("heemstede.leidinggevende"),
        "anonymous": {},
    }


@pytest.fixture(scope="module")
async def item(world, callers):
    await publish(world["nats"].url, "bel", tasks_assigned(world["people"]["bel.leidinggevende"], count=31))
    items = await inbox_until(
        world["nt"], callers["manager"], lambda xs: any("31 salarisbesluit" in i["body"] for i in xs)
    )
    return next(i for i in items if "31 salarisbesluit" in i["body"])


@pytest.mark.parametrize("route", list(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
@pytest.mark.parametrize("caller", CALLERS)
async def test_authorization_matrix(world, callers, item, route, caller):
    nt = world["nt"]
    method, path = route
    url = path.format(item=item["id"])
    headers = dict(callers[caller])
    kwargs = {}
    if method == "PUT":
        current = await nt.get(url, headers=headers)
        headers["If-Match"] = current.headers.get("ETag", '"1"')
        kwargs["json"] = PREFS
    r = await nt.request(method, url, headers=headers, **kwargs)
    assert r.status_code == MATRIX[route][caller], r.text
    if r.status_code >= 400:
        assert r.headers["content-type"].startswith("application/problem+json")


async def test_a_tenant_s_person_never_sees_another_tenant_s_items(world, callers, item):
    nt = world["nt"]
    other = callers["other_tenant"]
    ids = [i["id"] for i in (await nt.get("/v1/inbox?limit=200", headers=other)).json()["items"]]
    assert item["id"] not in ids
    # The same person id published under another tenant reaches no one there.
    await publish(
        world["nats"].url, "heemstede", tasks_assigned(world["people"]["bel.leidinggevende"], count=41)
    )
    await publish(
        world["nats"].url, "heemstede", tasks_assigned(world["people"]["heemstede.leidinggevende"], count=42)
    )
    items = await inbox_until(nt, other, lambda xs: any("42 salarisbesluit" in i["body"] for i in xs))
    assert not any("41 salarisbesluit" in i["body"] for i in items)
    mine = (await nt.get("/v1/inbox?limit=200", headers=callers["manager"])).json()["items"]
    assert not any("41 salarisbesluit" in i["body"] or "42 salarisbesluit" in i["body"] for i in mine)
    assert address("bel.leidinggevende")


BAD = [
    ("GET", "/v1/inbox?limit=0", None, "validation"),
    ("GET", "/v1/inbox?limit=201", None, "validation"),
    ("GET", "/v1/inbox?cursor=bm90LW91cnM", None, "invalid-cursor"),
    ("GET", "/v1/inbox?unread=perhaps", None, "validation"),
    ("GET", "/v1/inbox?lang=de", None, "validation"),
    ("POST", "/v1/inbox/not-a-uuid/read", None, "validation"),
    (
        "POST",
        "/v1/inbox/00000000-0000-4000-8000-00000000dead/read",
        None,
        "not-found",
    ),  # a fixed id: xdist workers must collect the same names
    ("PUT", "/v1/preferences/me", {**PREFS, "digest_hour": 24}, "validation"),
    ("PUT", "/v1/preferences/me", {**PREFS, "digest_weekday": 0}, "validation"),
    ("PUT", "/v1/preferences/me", {**PREFS, "quiet_hours": {"start": "25:00", "end": "07:00"}}, "validation"),
    (
        "PUT",
        "/v1/preferences/me",
        {**PREFS, "categories": {"spam": {"email": True, "mode": "daily"}}},
        "validation",
    ),
    (
        "PUT",
        "/v1/preferences/me",
        {**PREFS, "categories": {"task": {"email": "yes", "mode": "daily"}}},
        "validation",
    ),
    (
        "PUT",
        "/v1/preferences/me",
        {**PREFS, "categories": {"task": {"email": True, "mode": "hourly"}}},
        "validation",
    ),
    ("PUT", "/v1/preferences/me", {**PREFS, "always_sent": []}, "validation"),
    ("PUT", "/v1/preferences/me", {**PREFS, "language": "fr"}, "validation"),
    ("POST", "/v1/public/unsubscribe", {"token": "short"}, "validation"),
    ("POST", "/v1/public/unsubscribe", {"token": "a" * 40 + "." + "b" * 22}, "unsubscribe-link-invalid"),
    ("POST", "/v1/public/unsubscribe/preview", {"token": "x" * 30}, "unsubscribe-link-invalid"),
    ("POST", "/v1/public/unsubscribe", {}, "validation"),
]


@pytest.mark.parametrize(("method", "url", "body", "code"), BAD, ids=[f"{m} {u} {c}" for m, u, _, c in BAD])
async def test_bad_input_gets_a_problem(world, callers, method, url, body, code):
    headers = dict(callers["manager"])
    if method == "PUT":
        current = await world["nt"].get(url, headers=headers)
        headers["If-Match"] = current.headers["ETag"]
    r = await world["nt"].request(method, url, headers=headers, json=body)
    assert r.headers["content-type"].startswith("application/problem+json"), r.text
    assert r.json()["code"] == code, r.text


async def test_malformed_json_is_a_problem(world, callers):
    r = await world["nt"].post(
        "/v1/public/unsubscribe", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["code"] == "malformed-json", r.text
