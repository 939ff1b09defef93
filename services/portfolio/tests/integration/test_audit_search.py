"""HR searches the audit trail: by person (entries about her portfolio and what is in it), by
actor, by object (type and id) and by date range, newest first, a page at a time with the kit's
cursor; a range that ends before it starts is a rule of its own (422), never a 500; another
tenant's HR sees none of it (RLS)."""

from datetime import timedelta

from dialoog.kit import clock
from dialoog.testing.pages import every


async def _made_history(world) -> dict:
    """Sanne (BEL employee) writes an agreement, HR and her manager read her portfolio; HR also
    reads her manager's portfolio (someone else)."""
    port, auth, people = world["port"], world["auth"], world["people"]
    sanne, henk = people["bel.medewerker"], people["bel.leidinggevende"]
    created = await port.post(
        f"/v1/portfolios/{sanne}/agreements",
        headers=auth("bel.medewerker"),
        json={"kind": "development", "title": "Cursus klantgericht schrijven"},
    )
    assert created.status_code == 201, created.text
    for reader, whom in (("bel.hr", sanne), ("bel.leidinggevende", sanne), ("bel.hr", henk)):
        assert (await port.get(f"/v1/portfolios/{whom}", headers=auth(reader))).status_code == 200
    return {"sanne": sanne, "henk": henk, "agreement": created.json()["id"]}


async def test_by_person_finds_what_is_about_her_and_nothing_about_others(world):
    port, auth = world["port"], world["auth"]
    made = await _made_history(world)
    hers = await every(port, f"/v1/audit?person_id={made['sanne']}", auth("bel.hr"))
    about = {(e["actor"], e["action"], e["object_type"], e["object_id"]) for e in hers}
    assert ("bel.hr", "read", "portfolio", made["sanne"]) in about
    assert ("bel.leidinggevende", "read", "portfolio", made["sanne"]) in about
    assert ("bel.medewerker", "create", "agreement", made["agreement"]) in about
    assert all(e["object_id"] != made["henk"] for e in hers)
    his = await every(port, f"/v1/audit?person_id={made['henk']}", auth("bel.hr"))
    assert any(e["object_id"] == made["henk"] for e in his)
    assert all(e["object_id"] not in (made["sanne"], made["agreement"]) for e in his)


async def test_by_actor_and_by_object(world):
    port, auth = world["port"], world["auth"]
    made = await _made_history(world)
    by_manager = await every(port, "/v1/audit?actor=bel.leidinggevende", auth("bel.hr"))
    assert by_manager and {e["actor"] for e in by_manager} == {"bel.leidinggevende"}
    agreement = await every(
        port, f"/v1/audit?object_type=agreement&object_id={made['agreement']}", auth("bel.hr")
    )
    assert [(e["action"], e["object_id"]) for e in agreement] == [("create", made["agreement"])]
    reads = await every(port, f"/v1/audit?object_type=portfolio&person_id={made['sanne']}", auth("bel.hr"))
    assert reads and {e["object_type"] for e in reads} == {"portfolio"}


async def test_by_date_range_both_days_included(world):
    port, auth = world["port"], world["auth"]
    made = await _made_history(world)
    today, yesterday = clock.today(), clock.today() - timedelta(days=1)
    base = f"/v1/audit?person_id={made['sanne']}"
    todays = await every(port, f"{base}&from={today}&to={today}", auth("bel.hr"))
    assert any(e["object_id"] == made["agreement"] for e in todays)
    assert await every(port, f"{base}&to={yesterday}", auth("bel.hr")) == []
    assert await every(port, f"{base}&from={today + timedelta(days=1)}", auth("bel.hr")) == []


async def test_a_range_that_ends_before_it_starts_is_a_rule_not_a_crash(world):
    port, auth = world["port"], world["auth"]
    today = clock.today()
    reversed_ = await port.get(
        f"/v1/audit?from={today}&to={today - timedelta(days=1)}", headers=auth("bel.hr")
    )
    assert reversed_.status_code == 422
    assert reversed_.headers["content-type"].startswith("application/problem+json")
    assert reversed_.json()["code"] == "audit-range-reversed"
    english = await port.get(
        f"/v1/audit?from={today}&to={today - timedelta(days=1)}",
        headers={**auth("bel.hr"), "Accept-Language": "en"},
    )
    assert "before the start date" in english.json()["detail"]
    not_a_date = await port.get("/v1/audit?from=1-12-2026", headers=auth("bel.hr"))
    assert not_a_date.status_code == 422 and not_a_date.json()["code"] == "validation"
    not_a_person = await port.get("/v1/audit?person_id=sanne", headers=auth("bel.hr"))
    assert not_a_person.status_code == 422 and not_a_person.json()["code"] == "validation"


async def test_pages_follow_each_other_newest_first_without_gaps(world):
    port, auth = world["port"], world["auth"]
    made = await _made_history(world)
    await _made_history(world)  # twice: enough entries about her for several pages of 2
    url = f"/v1/audit?person_id={made['sanne']}"
    whole = (await port.get(f"{url}&limit=500", headers=auth("bel.hr"))).json()
    assert whole["next_cursor"] is None and len(whole["items"]) >= 6
    seen, cursor, pages = [], None, 0
    while True:
        page = (
            await port.get(f"{url}&limit=2" + (f"&cursor={cursor}" if cursor else ""), headers=auth("bel.hr"))
        ).json()
        assert len(page["items"]) <= 2
        seen += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages >= 3
    assert [e["seq"] for e in seen] == [e["seq"] for e in whole["items"]]
    assert [e["seq"] for e in seen] == sorted((e["seq"] for e in seen), reverse=True)


async def test_another_tenants_hr_finds_nothing_about_her(world):
    port, auth = world["port"], world["auth"]
    made = await _made_history(world)
    assert await every(port, f"/v1/audit?person_id={made['sanne']}", auth("heemstede.hr")) == []
    assert (
        await port.get(f"/v1/audit?person_id={made['sanne']}", headers=auth("bel.medewerker"))
    ).status_code == 403
