"""People, reporting lines with history, and tenant isolation (404 across tenants)."""

import uuid
from datetime import timedelta

from dialoog.kit.clock import today
from dialoog.testing.pages import items


def person(number: str, **extra) -> dict:
    return {
        "employee_number": number,
        "first_name": "Test",
        "last_name": f"Persoon {number}",
        "email": f"{number.lower()}@example.org",
        **extra,
    }


async def test_a_manager_change_keeps_the_history(org, as_user, demo_tenants):
    admin = as_user("bel.beheer")
    tag = uuid.uuid4().hex[:6]
    ids = {}
    for key in ("emp", "mgr1", "mgr2"):
        created = await org.post("/v1/people", json=person(f"{key}-{tag}"), headers=admin)
        assert created.status_code == 201, created.text
        ids[key] = created.json()["id"]
    start = today() - timedelta(days=30)
    first = await org.put(
        f"/v1/people/{ids['emp']}/manager",
        json={"manager_id": ids["mgr1"], "valid_from": start.isoformat()},
        headers={**admin, "If-Match": '"1"'},
    )
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == '"2"'  # the manager is part of the person: its version moves on
    switch = today()
    unconditional = await org.put(
        f"/v1/people/{ids['emp']}/manager",
        json={"manager_id": ids["mgr2"], "valid_from": switch.isoformat()},
        headers=admin,
    )
    assert unconditional.status_code == 428
    stale = await org.put(
        f"/v1/people/{ids['emp']}/manager",
        json={"manager_id": ids["mgr2"], "valid_from": switch.isoformat()},
        headers={**admin, "If-Match": '"1"'},
    )
    assert stale.status_code == 412 and stale.json()["code"] == "precondition-failed"
    second = await org.put(
        f"/v1/people/{ids['emp']}/manager",
        json={"manager_id": ids["mgr2"], "valid_from": switch.isoformat()},
        headers={**admin, "If-Match": first.headers["etag"]},
    )
    assert second.status_code == 200, second.text
    person_now = await org.get(f"/v1/people/{ids['emp']}", headers=admin)
    assert person_now.headers["etag"] == second.headers["etag"] == '"3"'

    history = items(await org.get(f"/v1/people/{ids['emp']}/reporting-lines", headers=admin))
    assert [(h["manager_id"], h["valid_from"], h["valid_to"]) for h in history] == [
        (ids["mgr1"], start.isoformat(), (switch - timedelta(days=1)).isoformat()),
        (ids["mgr2"], switch.isoformat(), None),
    ]
    self_managed = await org.put(
        f"/v1/people/{ids['emp']}/manager",
        json={"manager_id": ids["emp"]},
        headers={**admin, "If-Match": second.headers["etag"]},
    )
    assert self_managed.status_code == 422


async def test_a_tenant_admin_gets_404_for_anything_of_another_tenant(org, as_user, demo_tenants):
    theirs = await org.post(
        "/v1/people", json=person(f"hst-{uuid.uuid4().hex[:6]}"), headers=as_user("heemstede.beheer")
    )
    unit = await org.post(
        "/v1/org-units", json={"name": "Team Heemstede"}, headers=as_user("heemstede.beheer")
    )
    bel = as_user("bel.beheer")
    for url in (
        f"/v1/people/{theirs.json()['id']}",
        f"/v1/org-units/{unit.json()['id']}",
        f"/v1/people/{theirs.json()['id']}/reporting-lines",
    ):
        response = await org.get(url, headers=bel)
        assert response.status_code == 404, (url, response.status_code)
    patched = await org.patch(
        f"/v1/people/{theirs.json()['id']}",
        json={"first_name": "Overgenomen"},
        headers={**bel, "If-Match": '"1"'},
    )
    assert patched.status_code == 404
    listed = await org.get("/v1/people?limit=500", headers=bel)
    assert theirs.json()["id"] not in {p["id"] for p in listed.json()["items"]}


async def test_people_writes_are_validated_and_versioned(org, as_user, demo_tenants):
    admin = as_user("rijk.beheer")
    number = f"rk-{uuid.uuid4().hex[:6]}"
    bad = await org.post(
        "/v1/people", json=person(number, email="geen-adres", roles=["koning"]), headers=admin
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"body.email", "body.roles.0"}
    dates = await org.post(
        "/v1/people",
        json=person(number, appointment_start="2026-01-01", probation_end="2025-12-01"),
        headers=admin,
    )
    assert dates.status_code == 422 and dates.json()["errors"][0]["field"] == "body.probation_end"
    created = await org.post("/v1/people", json=person(number), headers=admin)
    assert created.status_code == 201
    duplicate = await org.post("/v1/people", json=person(number), headers=admin)
    assert duplicate.status_code == 409
    url = f"/v1/people/{created.json()['id']}"
    ok = await org.patch(url, json={"roles": ["manager"]}, headers={**admin, "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.json()["roles"] == ["employee", "manager"]
    stale = await org.patch(url, json={"first_name": "Later"}, headers={**admin, "If-Match": '"1"'})
    assert stale.status_code == 412
