"""Bad input to the webhooks API gets problem+json with a code of the kit's catalogue, never a
500 and never a partial write: a shape that is wrong is 422 `validation`; a URL that may not
receive webhooks (outside the dev stack's allowance: loopback, private, a name resolving to
loopback, a user in the URL) is `webhook-url-refused`; an unknown event type is
`webhook-event-type-unknown`; no If-Match 428, a stale one 412; an unknown id 404; too many
endpoints `webhook-limit`; a damaged cursor `invalid-cursor`."""

import socket
import uuid

import pytest

from .helpers import QUIET

ADMIN = "bel.beheer"
PROBLEM = "application/problem+json"


def problem(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["code"] == code, body
    return body


@pytest.fixture(scope="module")
async def strict(service_client, keycloak_token):
    """An app as production has it for targets: no private ones."""
    async with service_client(
        "notificaties", webhooks_allow_private=False, webhook_max_endpoints=1000
    ) as client:
        yield client, lambda user: {"Authorization": f"Bearer {keycloak_token(user)}"}


@pytest.fixture(scope="module")
async def limited(service_client, keycloak_token):
    """An app that allows two endpoints a tenant."""
    async with service_client("notificaties", webhooks_allow_private=True, webhook_max_endpoints=2) as client:
        yield client, lambda user: {"Authorization": f"Bearer {keycloak_token(user)}"}


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hooks",
        "https://10.0.0.8/hooks",
        "https://[::1]/hooks",
        "https://[fd12:3456::1]/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://localhost/hooks",
        f"https://{socket.gethostname()}/hooks",  # a name that resolves to loopback here
        "https://vm/hooks",
        "https://nergens.invalid/hooks",  # a name that does not resolve
        "https://user:secret@hooks.example.nl/in",
        "https://hooks.example.nl/in#deel",
        "ftp://hooks.example.nl/in",
    ],
)
async def test_a_url_that_may_not_receive_webhooks_is_refused(strict, url):
    client, auth = strict
    before = (await client.get("/v1/webhooks", headers=auth(ADMIN))).json()["items"]
    r = await client.post("/v1/webhooks", json={"url": url}, headers=auth(ADMIN))
    body = problem(r, 422, "webhook-url-refused")
    assert body["errors"][0]["field"] == "body.url"
    assert "reason_nl" in body["errors"][0]
    assert (await client.get("/v1/webhooks", headers=auth(ADMIN))).json()["items"] == before


async def test_changing_to_a_refused_url_is_refused_and_changes_nothing(hooks, strict):
    client, auth = strict
    # Made on the dev-style app (loopback allowed; the same database), changed on the strict one.
    made = (
        await hooks["client"].post(
            "/v1/webhooks",
            json={"url": "http://127.0.0.1:9/hooks", "event_types": QUIET},
            headers=hooks["auth"](ADMIN),
        )
    ).json()
    r = await client.patch(
        f"/v1/webhooks/{made['id']}",
        json={"url": "https://192.168.1.20/hooks", "description": "intern"},
        headers={**auth(ADMIN), "If-Match": f'"{made["version"]}"'},
    )
    problem(r, 422, "webhook-url-refused")
    shown = (await client.get(f"/v1/webhooks/{made['id']}", headers=auth(ADMIN))).json()
    assert (shown["url"], shown["description"], shown["version"]) == (made["url"], None, made["version"])


async def test_unknown_event_types_and_wrong_shapes(hooks):
    client, auth = hooks["client"], hooks["auth"]
    url = "http://127.0.0.1:9/hooks"
    body = problem(
        await client.post(
            "/v1/webhooks",
            json={"url": url, "event_types": ["nl.dialoog.salaris.round.bestaat_niet.v1"]},
            headers=auth(ADMIN),
        ),
        422,
        "webhook-event-type-unknown",
    )
    assert "nl.dialoog.salaris.round.bestaat_niet.v1" in body["detail"]
    for wrong in (
        {},
        {"url": url, "secret": "whsec_mine"},  # unknown field: a secret is never chosen by the caller
        {"url": url, "event_types": "nl.dialoog.organisatie.person.created.v1"},
        {"url": url, "event_types": ["person.created"]},
        {"url": "no url"},
        {"url": url, "description": "x" * 501},
        {"url": "https://" + "a" * 2000 + ".nl/"},
    ):
        problem(await client.post("/v1/webhooks", json=wrong, headers=auth(ADMIN)), 422, "validation")
    r = await client.post(
        "/v1/webhooks", content=b"{not json", headers={**auth(ADMIN), "content-type": "application/json"}
    )
    assert r.status_code in (400, 422) and r.headers["content-type"].startswith(PROBLEM)


async def test_versions_ids_cursors_and_the_limit(hooks, limited):
    client, auth = hooks["client"], hooks["auth"]
    made = (
        await client.post(
            "/v1/webhooks",
            json={"url": "http://127.0.0.1:9/hooks", "event_types": QUIET},
            headers=auth(ADMIN),
        )
    ).json()
    path = f"/v1/webhooks/{made['id']}"
    problem(
        await client.patch(path, json={"description": "x"}, headers=auth(ADMIN)), 428, "precondition-required"
    )
    stale = {**auth(ADMIN), "If-Match": f'"{made["version"] + 5}"'}
    problem(await client.patch(path, json={"description": "x"}, headers=stale), 412, "precondition-failed")
    problem(await client.delete(path, headers=stale), 412, "precondition-failed")
    problem(await client.post(path + "/secret", headers=stale), 412, "precondition-failed")
    current = {**auth(ADMIN), "If-Match": f'"{made["version"]}"'}
    problem(await client.patch(path, json={"enabled": "ja"}, headers=current), 422, "validation")
    problem(await client.patch(path, json={"tenant_id": "heemstede"}, headers=current), 422, "validation")
    shown = (await client.get(path, headers=auth(ADMIN))).json()
    assert shown["version"] == made["version"] and shown["description"] is None  # nothing was written

    problem(await client.get(f"/v1/webhooks/{uuid.uuid4()}", headers=auth(ADMIN)), 404, "webhook-not-found")
    problem(await client.get("/v1/webhooks/niet-een-id", headers=auth(ADMIN)), 422, "validation")
    problem(
        await client.get(f"{path}/deliveries/{uuid.uuid4()}", headers=auth(ADMIN)),
        404,
        "webhook-delivery-not-found",
    )
    problem(
        await client.post(f"{path}/deliveries/{uuid.uuid4()}/redeliver", headers=auth(ADMIN)),
        404,
        "webhook-delivery-not-found",
    )
    problem(await client.get("/v1/webhooks?cursor=AAAAAAAAAAAA", headers=auth(ADMIN)), 422, "invalid-cursor")
    problem(await client.get("/v1/webhooks?limit=0", headers=auth(ADMIN)), 422, "validation")

    # Deleting takes the current version; the endpoint is gone after it.
    deleted = await client.delete(path, headers=current)
    assert deleted.status_code == 204
    problem(await client.get(path, headers=auth(ADMIN)), 404, "webhook-not-found")

    # Rijk has two endpoints now; the limited app allows two a tenant.
    for _ in range(2):
        r = await client.post(
            "/v1/webhooks",
            json={"url": "http://127.0.0.1:9/hooks", "event_types": QUIET},
            headers=auth("rijk.beheer"),
        )
        assert r.status_code == 201, r.text
    limited_client, limited_auth = limited
    problem(
        await limited_client.post(
            "/v1/webhooks", json={"url": "https://hooks.example.nl/in"}, headers=limited_auth("rijk.beheer")
        ),
        409,
        "webhook-limit",
    )


async def test_the_event_types_are_the_registry_of_contracts(hooks):
    client, auth = hooks["client"], hooks["auth"]
    seen, cursor = [], None
    while True:
        r = await client.get(
            "/v1/webhooks/event-types",
            params={"limit": 10, **({"cursor": cursor} if cursor else {})},
            headers=auth(ADMIN),
        )
        assert r.status_code == 200
        seen += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    types = [t["type"] for t in seen]
    assert types == sorted(types) and len(types) == len(set(types))
    assert "nl.dialoog.salaris.round.tasks_assigned.v1" in types
    assert "nl.dialoog.notificaties.webhook.disabled.v1" in types
