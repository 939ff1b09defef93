"""The tenant admin sets the tenant's colours and mail name (ADR 0037): `GET /v1/tenant` shows
them with the version as ETag; `PUT /v1/tenant/branding` takes If-Match; a colour that is not
`#rrggbb` is a 422 naming the field and changes nothing; only a tenant admin may; the change is
published as `tenant.branding_changed` with the new version."""

import asyncio

import nats
from nats.js.api import ConsumerConfig, DeliverPolicy

from dialoog.contracts.sdk import parse
from dialoog.kit.events.streams import ensure_service_streams

BRANDING = "/v1/tenant/branding"


async def _tenant(org, headers) -> tuple[dict, str]:
    r = await org.get("/v1/tenant", headers=headers)
    assert r.status_code == 200, r.text
    return r.json(), r.headers["etag"]


async def _provisioned(org, headers) -> tuple[dict, str]:
    """The tenant once its Keycloak Organization is made (that, too, makes a new version)."""
    for _ in range(600):
        found = await _tenant(org, headers)
        if found[0]["status"] == "active":
            return found
        await asyncio.sleep(0.1)
    raise AssertionError("the tenant was not provisioned")


async def test_the_tenant_admin_sets_the_branding_and_bad_input_changes_nothing(
    org, as_user, demo_tenants, test_nats
):
    admin = as_user("heemstede.beheer")
    nc = await nats.connect(test_nats.url)
    js = nc.jetstream()
    await ensure_service_streams(js, "organisatie")
    try:
        before, etag = await _provisioned(org, admin)
        # After the (slow) provisioning wait, and kept however long the requests below take: the
        # server drops an idle ephemeral consumer after a few seconds (a fetch then answers 503).
        sub = await js.pull_subscribe(
            "hr.heemstede.organisatie.tenant.branding_changed",
            stream="ORGANISATIE",
            config=ConsumerConfig(deliver_policy=DeliverPolicy.NEW, inactive_threshold=600),
        )
        assert etag == f'"{before["version"]}"'

        # Shapes the OpenAPI refuses: 422 `validation` naming the field; nothing is written.
        for body, field in (
            ({"primary_color": "blue"}, "body.primary_color"),
            ({"primary_color": "#15427"}, "body.primary_color"),
            ({"accent_color": "#12345g"}, "body.accent_color"),
            ({"mail_name": "x" * 61}, "body.mail_name"),
            ({"mail_name": "BEL\nBcc: x@example.org"}, "body.mail_name"),  # no header injection
        ):
            bad = await org.put(BRANDING, json=body, headers={**admin, "If-Match": etag})
            assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
            problem = bad.json()
            assert problem["code"] == "validation" and [e["field"] for e in problem["errors"]] == [field]
        assert await _tenant(org, admin) == (before, etag)

        # Without If-Match: 428; an employee: 403; nothing written either.
        body = {"primary_color": "#154273", "accent_color": "#E17000", "mail_name": "  Heemstede "}
        assert (await org.put(BRANDING, json=body, headers=admin)).status_code == 428
        employee = as_user("heemstede.medewerker")
        assert (await org.put(BRANDING, json=body, headers={**employee, "If-Match": etag})).status_code == 403
        assert await _tenant(org, admin) == (before, etag)

        # The admin's change: stored in lower case and trimmed, a new version and ETag.
        done = await org.put(BRANDING, json=body, headers={**admin, "If-Match": etag})
        assert done.status_code == 200, done.text
        version = before["version"] + 1
        expected = {"primary_color": "#154273", "accent_color": "#e17000", "mail_name": "Heemstede"}
        assert done.json()["branding"] == expected and done.headers["etag"] == f'"{version}"'
        after, new_etag = await _tenant(org, employee)  # everyone of the tenant may read it
        assert after["branding"] == expected and new_etag == f'"{version}"'
        assert "tenant_id" not in after

        # A second admin working from the old version: 412, the first change stays.
        stale = await org.put(
            BRANDING, json={"primary_color": "#000000"}, headers={**admin, "If-Match": etag}
        )
        assert stale.status_code == 412 and stale.json()["code"] == "precondition-failed"
        assert (await _tenant(org, admin))[0]["branding"] == expected

        # Back to the default look (fields left out are null).
        reset = await org.put(BRANDING, json={}, headers={**admin, "If-Match": new_etag})
        assert reset.status_code == 200
        assert reset.json()["branding"] == {"primary_color": None, "accent_color": None, "mail_name": None}

        events = []
        for _ in range(50):
            try:
                for msg in await sub.fetch(10, timeout=1):
                    events.append(parse(msg.data))
                    await msg.ack()
            except TimeoutError:
                pass
            if len(events) >= 2:
                break
            await asyncio.sleep(0.1)
    finally:
        await nc.close()
    (first_event, first), (_, second) = events
    assert first_event.type == "nl.dialoog.organisatie.tenant.branding_changed.v1"
    assert first_event.tenant == "heemstede"
    assert (first.primary_color, first.accent_color, first.mail_name, first.version) == (
        "#154273",
        "#e17000",
        "Heemstede",
        version,
    )
    assert (second.primary_color, second.mail_name, second.version) == (None, None, version + 1)
