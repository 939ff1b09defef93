"""Tenants are made by platform admins; each tenant's cycle is versioned data."""

import copy
import uuid
from datetime import timedelta

from dialoog.kit.clock import today
from dialoog.testing.pages import every


async def test_a_platform_admin_creates_a_tenant_with_a_preset(org, as_user):
    key = f"gem-{uuid.uuid4().hex[:8]}"
    created = await org.post(
        "/v1/tenants",
        json={"key": key, "name": "Gemeente Test", "preset": "three_talks"},
        headers=as_user("platform"),
    )
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "provisioning"
    again = await org.post(
        "/v1/tenants",
        json={"key": key, "name": "Dubbel", "preset": "continuous"},
        headers=as_user("platform"),
    )
    assert again.status_code == 409 and again.json()["code"] == "tenant-exists"
    assert key in {t["key"] for t in await every(org, "/v1/tenants", as_user("platform"))}


async def test_only_platform_admins_create_tenants_and_keys_are_checked(org, as_user):
    refused = await org.post(
        "/v1/tenants",
        json={"key": "stiekem", "name": "X", "preset": "continuous"},
        headers=as_user("bel.beheer"),
    )
    assert refused.status_code == 403
    bad = await org.post(
        "/v1/tenants",
        json={"key": "Bad Key!", "name": "X", "preset": "continuous"},
        headers=as_user("platform"),
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body.key"
    unknown = await org.post(
        "/v1/tenants",
        json={"key": "okay", "name": "X", "preset": "weekly"},
        headers=as_user("platform"),
    )
    assert unknown.status_code == 422 and "body.preset" in [e["field"] for e in unknown.json()["errors"]]


async def test_a_tenant_admin_sees_only_their_own_tenant(org, as_user, demo_tenants):
    mine = await org.get("/v1/tenant", headers=as_user("heemstede.beheer"))
    assert mine.status_code == 200 and mine.json()["key"] == "heemstede"
    assert (await org.get("/v1/tenants", headers=as_user("heemstede.beheer"))).status_code == 403


async def test_the_cycle_starts_at_version_one_of_the_preset(org, as_user, demo_tenants):
    response = await org.get("/v1/cycle", headers=as_user("rijk.medewerker"))
    assert response.status_code == 200
    body = response.json()
    assert body["definition"]["preset"] == "four_levels"
    assert [lvl["key"] for lvl in body["definition"]["conclusion_scale"]["levels"]] == ["++", "+", "+/-", "-"]


async def test_a_new_version_applies_from_its_date_and_work_started_earlier_keeps_its_version(
    org, as_user, demo_tenants
):
    admin = as_user("bel.beheer")
    latest = (await every(org, "/v1/cycle/versions", admin))[-1]["number"]
    current = (await org.get("/v1/cycle", headers=admin)).json()
    definition = copy.deepcopy(current["definition"])
    definition["feedback"]["anonymity_threshold"] = 5
    tomorrow = today() + timedelta(days=2)
    created = await org.post(
        "/v1/cycle/versions",
        json={"effective_from": tomorrow.isoformat(), "definition": definition},
        headers={**admin, "If-Match": f'"{latest}"'},
    )
    assert created.status_code == 201, created.text
    number = created.json()["number"]
    assert number == latest + 1
    # Today's work stays on the version in force today; from the date on, the new one applies.
    assert (await org.get("/v1/cycle", headers=admin)).json()["number"] == current["number"]
    later = await org.get(f"/v1/cycle?on={tomorrow.isoformat()}", headers=admin)
    assert later.json()["number"] == number
    diff = await org.get(f"/v1/cycle/diff?from={current['number']}&to={number}", headers=admin)
    assert {
        "path": "feedback.anonymity_threshold",
        "old": current["definition"]["feedback"]["anonymity_threshold"],
        "new": 5,
    } in diff.json()
    # A second admin working from the old version is told so, and nothing is written.
    stale = await org.post(
        "/v1/cycle/versions",
        json={"effective_from": tomorrow.isoformat(), "preset": "continuous"},
        headers={**admin, "If-Match": f'"{latest}"'},
    )
    assert stale.status_code == 412
    assert (await every(org, "/v1/cycle/versions", admin))[-1]["number"] == number


async def test_invalid_definitions_and_dates_are_refused_with_the_field(org, as_user, demo_tenants):
    admin = as_user("heemstede.beheer")
    latest = (await every(org, "/v1/cycle/versions", admin))[-1]["number"]
    definition = (await org.get("/v1/cycle", headers=admin)).json()["definition"]
    definition["talk_types"][0]["combinable_with"] = ["lunch"]
    definition["feedback"]["anonymity_threshold"] = 0
    bad = await org.post(
        "/v1/cycle/versions",
        json={"effective_from": today().isoformat(), "definition": definition},
        headers={**admin, "If-Match": f'"{latest}"'},
    )
    assert bad.status_code == 422
    fields = {e["field"]: e["reason"] for e in bad.json()["errors"]}
    assert "unknown talk type 'lunch'" in fields["body.definition.talk_types"]
    assert "body.definition.feedback.anonymity_threshold" in fields
    past = await org.post(
        "/v1/cycle/versions",
        json={"effective_from": "2020-01-01", "preset": "continuous"},
        headers={**admin, "If-Match": f'"{latest}"'},
    )
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "body.effective_from"
    assert past.json()["code"] == "effective-from-past"
    employee = await org.post(
        "/v1/cycle/versions",
        json={"effective_from": today().isoformat(), "preset": "continuous"},
        headers={**as_user("heemstede.medewerker"), "If-Match": f'"{latest}"'},
    )
    assert employee.status_code == 403
