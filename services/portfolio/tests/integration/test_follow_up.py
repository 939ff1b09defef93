"""HR follow-up (ADR 0035) on a four_levels tenant of its own: a team of six where five have a
conclusion shows its distribution; a team of three does not (fewer than five people). Named lists
(without a talk, past their date, development needs) per unit; only HR reads them, and only its
own tenant's."""

import asyncio
from datetime import timedelta

import pytest

from dialoog.kit.clock import today

TENANT = "opvolging"
MAIL = "opvolging.example"


def csv() -> str:
    rows = ["employee_number;first_name;last_name;email;unit;manager_employee_number;roles"]
    rows.append(f"g-0;Greet;Groot;greet@{MAIL};Team Groot;;manager")
    rows += [f"g-{n};Medewerker;G{n};g{n}@{MAIL};Team Groot;g-0;" for n in range(1, 6)]
    rows.append(f"k-0;Karel;Klein;karel@{MAIL};Team Klein;;manager")
    rows += [f"k-{n};Medewerker;K{n};k{n}@{MAIL};Team Klein;k-0;" for n in range(1, 3)]
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
async def tenant(service_client, keycloak_token, local_signer):
    def signed(email: str, *roles: str, tenant: str = TENANT) -> dict:
        claims = local_signer.claims(
            email=email,
            organization=[tenant],
            realm_access={"roles": ["employee", *roles]},
            preferred_username=email,
        )
        return {"Authorization": f"Bearer {local_signer.sign(claims)}"}

    async with (
        service_client("organisatie", provision_keycloak=False) as org,
        service_client("portfolio") as port,
    ):
        platform = {"Authorization": f"Bearer {keycloak_token('platform')}"}
        made = await org.post(
            "/v1/tenants",
            json={"key": TENANT, "name": "Opvolging", "preset": "four_levels"},
            headers=platform,
        )
        assert made.status_code in (201, 409), made.text
        admin = signed(f"beheer@{MAIL}", "tenant_admin")
        started = await org.post(
            "/v1/imports", content=csv().encode(), headers={**admin, "content-type": "text/csv"}
        )
        assert started.status_code == 202, started.text
        for _ in range(200):
            job = (await org.get(started.headers["location"], headers=admin)).json()
            if job["status"] != "running":
                break
            await asyncio.sleep(0.1)
        assert job["status"] == "done" and not job["failed"], job
        people = {
            p["email"].split("@")[0]: p["id"]
            for p in (await org.get("/v1/people?limit=100", headers=admin)).json()["items"]
        }
        units = {
            u["name"]: u["id"]
            for u in (await org.get("/v1/org-units?limit=100", headers=admin)).json()["items"]
        }
        for _ in range(300):  # portfolio learns people and reporting lines from organisatie's events
            team = await port.get("/v1/team", headers=signed(f"karel@{MAIL}", "manager"))
            if team.status_code == 200 and len(team.json()["items"]) == 2:
                break
            await asyncio.sleep(0.1)
        assert len(team.json()["items"]) == 2, team.text

        async def evaluate(manager: str, employee: str, level: str) -> None:
            r = await port.post(
                f"/v1/portfolios/{people[employee]}/talks",
                headers=signed(f"{manager}@{MAIL}", "manager"),
                json={
                    "type": "evaluation_talk",
                    "initiated_by": "manager",
                    "conclusion": level,
                    "fields": {"summary": "Jaargesprek"},
                },
            )
            assert r.status_code == 201, r.text

        for employee, level in (("g1", "++"), ("g2", "+"), ("g3", "+"), ("g4", "+/-"), ("g5", "+")):
            await evaluate("greet", employee, level)
        for employee in ("k1", "k2"):
            await evaluate("karel", employee, "+")
        g1 = signed(f"g1@{MAIL}")
        for body in (
            {
                "kind": "result",
                "title": "Archief opgeschoond",
                "due_on": (today() - timedelta(days=1)).isoformat(),
            },
            {"kind": "development", "title": "Cursus Omgevingswet", "goal": "vergunningen zelf toetsen"},
        ):
            r = await port.post(f"/v1/portfolios/{people['g1']}/agreements", headers=g1, json=body)
            assert r.status_code == 201, r.text
        yield {"port": port, "signed": signed, "people": people, "units": units, "auth": keycloak_token}


async def follow_up(tenant, path: str = "", **params) -> list[dict]:
    hr = tenant["signed"](f"hr@{MAIL}", "hr_advisor")
    r = await tenant["port"].get(f"/v1/follow-up{path}", headers=hr, params={"limit": 100, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_a_team_of_three_shows_no_conclusion_distribution_a_team_of_six_does(tenant):
    by_unit = {u["org_unit_id"]: u for u in await follow_up(tenant)}
    big, small = by_unit[tenant["units"]["Team Groot"]], by_unit[tenant["units"]["Team Klein"]]
    assert big["conclusions"] == [
        {"level": "++", "count": 1},
        {"level": "+", "count": 3},
        {"level": "+/-", "count": 1},
        {"level": "-", "count": 0},
    ]
    assert (big["employees"], big["concluded"], big["hidden"]) == (6, 5, [])
    assert small["conclusions"] is None and small["concluded"] is None
    assert small["hidden"] == ["conclusions"]
    # Rijk's cycle has no workload topic: absent, not hidden.
    assert big["workload_raised"] is None and small["workload_raised"] is None
    # Named counts stay for every unit: the managers themselves had no talk.
    assert (big["without_talk"], small["without_talk"]) == (1, 1)
    assert (big["overdue_agreements"], big["development_agreements"]) == (1, 1)


async def test_named_lists_per_unit(tenant):
    small = tenant["units"]["Team Klein"]
    assert [p["employee_id"] for p in await follow_up(tenant, "/without-talk", org_unit_id=small)] == [
        tenant["people"]["karel"]
    ]
    overdue = await follow_up(tenant, "/overdue-agreements")
    assert [(a["title"], a["employee_id"]) for a in overdue] == [
        ("Archief opgeschoond", tenant["people"]["g1"])
    ]
    needs = await follow_up(tenant, "/development-needs", org_unit_id=tenant["units"]["Team Groot"])
    assert [(a["title"], a["goal"]) for a in needs] == [("Cursus Omgevingswet", "vergunningen zelf toetsen")]
    assert await follow_up(tenant, "/development-needs", org_unit_id=small) == []
    # Reading a named list is audited, with the unit as the object; the unit figures are not.
    hr = tenant["signed"](f"hr@{MAIL}", "hr_advisor")
    trail = await tenant["port"].get("/v1/audit", headers=hr, params={"object_id": small, "limit": 100})
    assert trail.status_code == 200, trail.text
    assert {(e["action"], e["object_type"]) for e in trail.json()["items"]} == {
        ("read", "follow_up_without_talk"),
        ("read", "follow_up_development_needs"),
    }


async def test_last_year_has_no_running_periods(tenant):
    last_year = (today() - timedelta(days=400)).isoformat()
    units = await follow_up(tenant, on=last_year)
    assert {u["org_unit_id"]: u["without_talk"] == u["employees"] for u in units} == {
        u["org_unit_id"]: True for u in units
    }
    assert all(u["conclusions"] is None for u in units)


@pytest.mark.parametrize("path", ["", "/without-talk", "/overdue-agreements", "/development-needs"])
async def test_only_hr_reads_follow_up(tenant, path):
    for headers in (tenant["signed"](f"g1@{MAIL}"), tenant["signed"](f"greet@{MAIL}", "manager")):
        r = await tenant["port"].get(f"/v1/follow-up{path}", headers=headers)
        assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"


async def test_hr_of_another_tenant_sees_none_of_these_units(tenant):
    bel = {"Authorization": f"Bearer {tenant['auth']('bel.hr')}"}
    r = await tenant["port"].get("/v1/follow-up", headers=bel, params={"limit": 100})
    assert r.status_code == 200
    assert not {u["org_unit_id"] for u in r.json()["items"]} & set(tenant["units"].values())
    r = await tenant["port"].get("/v1/follow-up/without-talk", headers=bel, params={"limit": 200})
    assert not {p["employee_id"] for p in r.json()["items"]} & set(tenant["people"].values())


async def test_a_bad_day_is_a_validation_problem(tenant):
    hr = tenant["signed"](f"hr@{MAIL}", "hr_advisor")
    r = await tenant["port"].get("/v1/follow-up?on=gisteren", headers=hr)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/v1/follow-up", "/v1/dashboard"])
async def test_the_per_unit_figures_take_up_to_1000_units_a_page(tenant, path):
    """A row per org unit: a whole tenant's units in one page of up to 1,000 (ADR 0038)."""
    hr = tenant["signed"](f"hr@{MAIL}", "hr_advisor")
    whole = await tenant["port"].get(path, headers=hr, params={"limit": 1000})
    assert whole.status_code == 200, whole.text
    assert whole.json()["next_cursor"] is None
    assert set(tenant["units"].values()) <= {u["org_unit_id"] for u in whole.json()["items"]}
    too_many = await tenant["port"].get(path, headers=hr, params={"limit": 1001})
    assert too_many.status_code == 422 and too_many.json()["code"] == "validation"


async def test_the_tenant_totals_are_the_sums_over_its_units(tenant):
    """HR's home reads one row of totals (ADR 0038) instead of summing every unit's figures."""
    hr = tenant["signed"](f"hr@{MAIL}", "hr_advisor")
    units = (await tenant["port"].get("/v1/dashboard", headers=hr, params={"limit": 1000})).json()["items"]
    totals = await tenant["port"].get("/v1/dashboard/totals", headers=hr)
    assert totals.status_code == 200, totals.text
    keys = ("employees", "with_talk", "locked", "with_agreements")
    assert totals.json() == {k: sum(u[k] for u in units) for k in keys}
    assert totals.json()["employees"] == 9 and totals.json()["with_talk"] >= 7
    manager = tenant["signed"](f"greet@{MAIL}", "manager")
    refused = await tenant["port"].get("/v1/dashboard/totals", headers=manager)
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
