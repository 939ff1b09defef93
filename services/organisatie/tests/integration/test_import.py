"""The HR import: good rows in, every bad row reported with its line and reason; idempotent."""

import asyncio
import uuid

from dialoog.testing.pages import every, items

CSV = """employee_number;first_name;last_name;email;date_of_birth;appointment_start;probation_end;unit;parent_unit;manager_employee_number;roles
{t}-1;Anna;de Boer;anna.{t}@example.org;1970-03-02;2010-01-01;;Team Burgerzaken;Publiekszaken;;
{t}-2;Bram;Smit;bram.{t}@example.org;12-05-1990;2024-09-01;2025-09-01;Team Burgerzaken;Publiekszaken;{t}-1;
{t}-3;;Zonder;cees.{t}@example.org;1985-01-01;2020-01-01;;Team Burgerzaken;;{t}-1;
{t}-4;Dirk;Datum;dirk.{t}@example.org;31-31-1980;2020-01-01;;Team Vergunningen;Publiekszaken;{t}-1;
{t}-5;Eva;Onbekend;eva.{t}@example.org;1992-07-07;2021-01-01;;Team Vergunningen;Publiekszaken;{t}-99;
{t}-6;Fleur;Rol;fleur.{t}@example.org;1992-07-07;2021-01-01;;Team Vergunningen;;;koning
{t}-2;Gijs;Dubbel;gijs.{t}@example.org;1992-07-07;2021-01-01;;;;;
"""


async def run(org, admin, content: str) -> dict:
    started = await org.post(
        "/v1/imports",
        content=content.encode(),
        headers={**admin, "content-type": "text/csv", "x-filename": "mensen.csv"},
    )
    assert started.status_code == 202, started.text
    url = started.headers["location"]
    for _ in range(200):
        job = (await org.get(url, headers=admin)).json()
        if job["status"] != "running":
            return job
        await asyncio.sleep(0.05)
    raise AssertionError("import did not finish")


async def test_broken_rows_are_reported_and_good_rows_imported_idempotently(org, as_user, demo_tenants):
    admin = as_user("heemstede.beheer")
    t = uuid.uuid4().hex[:6]
    job = await run(org, admin, CSV.format(t=t))
    assert job["status"] == "done" and job["percent"] == 100
    assert (job["created"], job["failed"]) == (3, 4)
    errors = {(r["line"], e["field"]) for r in job["report"] if r["status"] == "error" for e in r["errors"]}
    assert errors == {
        (4, "first_name"),  # required
        (5, "date_of_birth"),  # 31-31-1980
        (7, "roles"),  # koning
        (8, "employee_number"),  # also on line 3
        (6, "manager_employee_number"),  # t-99 does not exist
    }
    reasons = {r["line"]: r["errors"][0]["reason"] for r in job["report"] if r["status"] == "error"}
    assert "also on line 3" in reasons[8]
    # Every reason in Dutch too, for HR staff (the portal shows the Dutch one).
    dutch = {r["line"]: r["errors"][0]["reason_nl"] for r in job["report"] if r["status"] == "error"}
    assert dutch[8] == "ook op regel 3" and dutch[4] == "is verplicht"
    assert "onbekend personeelsnummer" in dutch[6] and "onbekende rol" in dutch[7]
    polled = (await org.get(f"/v1/imports/{job['id']}?report=errors", headers=admin)).json()
    assert polled["report"] == [r for r in job["report"] if r["status"] == "error"]
    assert polled["failed"] == job["failed"]
    people = (await org.get(f"/v1/people?q={t}&limit=50", headers=admin)).json()["items"]
    assert {p["employee_number"] for p in people} == {f"{t}-1", f"{t}-2", f"{t}-5"}
    bram = next(p for p in people if p["employee_number"] == f"{t}-2")
    assert bram["probation_end"] == "2025-09-01" and bram["date_of_birth"] == "1990-05-12"
    lines = items(await org.get(f"/v1/people/{bram['id']}/reporting-lines", headers=admin))
    anna = next(p for p in people if p["employee_number"] == f"{t}-1")
    assert [line["manager_id"] for line in lines] == [anna["id"]]
    assert "manager" in anna["roles"]
    units = await every(org, "/v1/org-units", admin)  # names repeat across the tests' imports
    parents = {u["id"] for u in units if u["name"] == "Publiekszaken"}
    assert any(u["parent_id"] in parents for u in units if u["name"] == "Team Burgerzaken")
    # The same file again: nothing changes.
    again = await run(org, admin, CSV.format(t=t))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert len(items(await org.get(f"/v1/people/{bram['id']}/reporting-lines", headers=admin))) == 1


async def test_an_unreadable_file_is_refused_whole(org, as_user, demo_tenants):
    admin = as_user("heemstede.beheer")
    response = await org.post(
        "/v1/imports", content=b"naam,adres\nx,y\n", headers={**admin, "content-type": "text/csv"}
    )
    assert response.status_code == 422
    assert "employee_number" in response.json()["detail"]
    employee = await org.post("/v1/imports", content=b"x", headers=as_user("heemstede.medewerker"))
    assert employee.status_code == 403
