"""Every webhook endpoint against every kind of caller: only the tenant admin may (issue 13,
point 6). Employees, managers, HR and the platform admin get 403; another tenant's admin gets 404
for this tenant's endpoints (their existence is not revealed) and her own lists; no token is 401."""

import pytest

from .helpers import QUIET

CALLERS = ("admin", "employee", "manager", "hr", "platform", "other_admin", "anonymous")
USERS = {
    "admin": "bel.beheer",
    "employee": "bel.medewerker",
    "manager": "bel.leidinggevende",
    "hr": "bel.hr",
    "platform": "platform",
    "other_admin": "heemstede.beheer",
}


def admin_only(status: int, other_admin: int = 404) -> dict:
    return {
        c: status if c == "admin" else 401 if c == "anonymous" else other_admin if c == "other_admin" else 403
        for c in CALLERS
    }


E = "/v1/webhooks/{endpoint_id}"
D = E + "/deliveries/{delivery_id}"
MATRIX = {
    ("GET", "/v1/webhooks/event-types", None): admin_only(200, other_admin=200),
    ("GET", "/v1/webhooks", None): admin_only(200, other_admin=200),
    ("POST", "/v1/webhooks", "endpoint"): admin_only(201, other_admin=201),
    ("GET", E, None): admin_only(200),
    ("PATCH", E, "patch"): admin_only(200),
    ("DELETE", E, None): admin_only(204),
    ("POST", E + "/secret", None): admin_only(200),
    ("GET", E + "/deliveries", None): admin_only(200),
    ("GET", D, None): admin_only(200),
    ("POST", D + "/redeliver", None): admin_only(202),
    ("POST", E + "/test", None): admin_only(202),
}
BODIES = {
    None: None,
    "endpoint": {"url": "http://127.0.0.1:9/hooks", "event_types": QUIET},
    "patch": {"description": "Salariskoppeling"},
}


def test_the_matrix_covers_every_webhook_route(hooks):
    routes = {
        (method.upper(), path)
        for path, item in hooks["client"].app.openapi()["paths"].items()
        for method in item
        if path.startswith("/v1/webhooks")
    }
    assert routes == {(m, p) for m, p, _ in MATRIX}


async def _fresh(hooks) -> dict:
    """An endpoint of bel with one delivery (a test ping)."""
    client, auth = hooks["client"], hooks["auth"]
    made = (await client.post("/v1/webhooks", json=BODIES["endpoint"], headers=auth("bel.beheer"))).json()
    ping = (await client.post(f"/v1/webhooks/{made['id']}/test", headers=auth("bel.beheer"))).json()
    return {"endpoint_id": made["id"], "delivery_id": ping["id"], "version": made["version"]}


@pytest.mark.parametrize(("method", "path", "body"), list(MATRIX))
async def test_who_may_do_what(hooks, method, path, body):
    client, auth = hooks["client"], hooks["auth"]
    for caller in CALLERS:
        ids = await _fresh(hooks)
        headers = auth(USERS[caller]) if caller != "anonymous" else {}
        headers["If-Match"] = f'"{ids["version"]}"'
        r = await client.request(method, path.format(**ids), json=BODIES[body], headers=headers)
        expected = MATRIX[(method, path, body)][caller]
        assert r.status_code == expected, (caller, method, path, r.text)
        if expected >= 400:
            assert r.headers["content-type"].startswith("application/problem+json")
