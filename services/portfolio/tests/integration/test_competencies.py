"""The tenant's competency catalogue (Heemstede annex): the tenant admin keeps it; the employee
picks from it into her period with a note, her manager reads and adds; nothing outside it."""

import uuid

from dialoog.testing.pages import every


def person(world, name):
    return world["people"][name]


async def entry(world, tenant: str, key: str, name: str) -> dict:
    created = await world["port"].post(
        "/v1/competencies",
        json={"key": key, "name": name, "description": f"{name}: beschrijving"},
        headers=world["auth"](f"{tenant}.beheer"),
    )
    assert created.status_code in (201, 409), created.text
    catalogue = await world["port"].get(
        "/v1/competencies?include_inactive=true", headers=world["auth"](f"{tenant}.beheer")
    )
    return next(c for c in catalogue.json()["items"] if c["key"] == key)


async def test_the_tenant_admin_keeps_the_catalogue(world):
    port, auth = world["port"], world["auth"]
    key = f"klantgericht_{uuid.uuid4().hex[:6]}"
    created = await port.post(
        "/v1/competencies", json={"key": key, "name": "Klantgerichtheid"}, headers=auth("heemstede.beheer")
    )
    assert created.status_code == 201 and created.headers["etag"] == '"1"'
    twice = await port.post(
        "/v1/competencies", json={"key": key, "name": "Nog eens"}, headers=auth("heemstede.beheer")
    )
    assert twice.status_code == 409 and twice.json()["code"] == "competency-exists"
    bad_key = await port.post(
        "/v1/competencies", json={"key": "Met Spaties", "name": "X"}, headers=auth("heemstede.beheer")
    )
    assert bad_key.status_code == 422 and bad_key.json()["errors"][0]["field"] == "body.key"
    by_employee = await port.post(
        "/v1/competencies", json={"key": "eigen_idee", "name": "Eigen"}, headers=auth("heemstede.medewerker")
    )
    assert by_employee.status_code == 403
    # Every tenant has its own catalogue.
    assert key in [c["key"] for c in (await every(port, "/v1/competencies", auth("heemstede.medewerker")))]
    assert key not in [c["key"] for c in (await every(port, "/v1/competencies", auth("bel.medewerker")))]
    renamed = await port.patch(
        f"/v1/competencies/{created.json()['id']}",
        json={"name": "Klantgerichtheid en service", "active": False},
        headers={**auth("heemstede.beheer"), "If-Match": '"1"'},
    )
    assert renamed.status_code == 200 and renamed.json()["active"] is False
    stale = await port.patch(
        f"/v1/competencies/{created.json()['id']}",
        json={"active": True},
        headers={**auth("heemstede.beheer"), "If-Match": '"1"'},
    )
    assert stale.status_code == 412
    listed = await every(port, "/v1/competencies", auth("heemstede.medewerker"))
    assert key not in [c["key"] for c in listed]  # inactive: not offered any more
    assert (
        await port.get("/v1/competencies?include_inactive=true", headers=auth("heemstede.medewerker"))
    ).status_code == 403
    entries = await every(port, f"/v1/audit?object_id={created.json()['id']}", auth("heemstede.hr"))
    assert [e["action"] for e in entries] == ["update", "create"]  # newest first


async def test_the_employee_picks_from_the_catalogue_with_a_note_and_the_manager_adds(world):
    port, auth = world["port"], world["auth"]
    sanne = person(world, "heemstede.medewerker")
    samenwerken = await entry(world, "heemstede", "samenwerken", "Samenwerken")
    resultaat = await entry(world, "heemstede", "resultaatgericht", "Resultaatgerichtheid")
    chosen = await port.post(
        f"/v1/portfolios/{sanne}/competencies",
        json={"competency": "samenwerken", "note": "Meer afstemmen met Vergunningen"},
        headers=auth("heemstede.medewerker"),
    )
    assert chosen.status_code in (201, 409), chosen.text  # the module may have run before on this database
    unknown = await port.post(
        f"/v1/portfolios/{sanne}/competencies",
        json={"competency": "toveren", "note": "?"},
        headers=auth("heemstede.medewerker"),
    )
    assert unknown.status_code == 422
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert unknown.json()["errors"][0]["field"] == "body.competency"
    assert "catalogus" in unknown.json()["errors"][0]["reason"]
    other_tenant = await port.post(  # BEL's catalogue is not Heemstede's
        f"/v1/portfolios/{person(world, 'bel.medewerker')}/competencies",
        json={"competency": resultaat["key"]},
        headers=auth("bel.medewerker"),
    )
    assert other_tenant.status_code == 422
    by_manager = await port.post(
        f"/v1/portfolios/{sanne}/competencies",
        json={"competency": "resultaatgericht", "note": "Voorstel van de leidinggevende"},
        headers=auth("heemstede.leidinggevende"),
    )
    assert by_manager.status_code in (201, 409), by_manager.text
    again = await port.post(
        f"/v1/portfolios/{sanne}/competencies",
        json={"competency": "samenwerken"},
        headers=auth("heemstede.medewerker"),
    )
    assert again.status_code == 409 and again.json()["code"] == "competency-chosen"
    by_hr = await port.post(
        f"/v1/portfolios/{sanne}/competencies",
        json={"competency": "samenwerken"},
        headers=auth("heemstede.hr"),
    )
    assert by_hr.status_code == 403
    view = (await port.get(f"/v1/portfolios/{sanne}", headers=auth("heemstede.leidinggevende"))).json()
    shown = {c["key"]: c for c in view["competencies"]}
    assert shown["samenwerken"]["note"] == "Meer afstemmen met Vergunningen"
    assert shown["samenwerken"]["added_by"] == "heemstede.medewerker"
    assert shown["resultaatgericht"]["added_by"] == "heemstede.leidinggevende"
    assert shown["samenwerken"]["competency_id"] == samenwerken["id"]


async def test_after_the_definitive_moment_no_competency_is_added(world):
    port, auth = world["port"], world["auth"]
    ruben = person(world, "ruben.vermeer.rijk")
    await entry(world, "rijk", "integriteit", "Integriteit")
    view = (await port.get(f"/v1/portfolios/{ruben}", headers=auth("rijk.leidinggevende"))).json()
    if view["period"]["status"] == "open":
        added = await port.post(
            f"/v1/portfolios/{ruben}/competencies",
            json={"competency": "integriteit", "note": "Nevenwerkzaamheden melden"},
            headers=auth("rijk.leidinggevende"),
        )
        assert added.status_code == 201, added.text
        locked = await port.post(
            f"/v1/periods/{view['period']['id']}/lock",
            headers={**auth("rijk.leidinggevende"), "If-Match": f'"{view["period"]["version"]}"'},
        )
        assert locked.status_code == 200, locked.text
    refused = await port.post(
        f"/v1/portfolios/{ruben}/competencies",
        json={"competency": "integriteit", "note": "Te laat"},
        headers=auth("rijk.leidinggevende"),
    )
    assert refused.status_code == 409 and refused.json()["code"] == "period-locked"
