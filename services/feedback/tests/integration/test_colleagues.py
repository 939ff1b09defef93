"""The colleague picker of the ask form: her manager first, then her team, then the rest by name;
never herself, never another tenant's people; names and units only."""

from uuid import UUID


async def test_manager_first_then_the_team_then_the_rest(world):
    fb, auth = world["fb"], world["auth"]
    response = await fb.get("/v1/feedback/colleagues", headers=auth("bel.medewerker"))
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    names = [c["name"] for c in items]
    assert "Sanne de Vries" not in names  # not herself
    assert items[0] == {**items[0], "name": "Mark Jansen", "relation": "manager"}
    relations = [c["relation"] for c in items]
    assert relations == sorted(relations, key=["manager", "team", "other"].index)
    team = [c for c in items if c["relation"] == "team"]
    assert team and all(c["org_unit_name"] == "Team Publiekszaken" for c in team)
    assert {"Fatima El Amrani", "Joost Bakker"} <= {c["name"] for c in items if c["relation"] == "other"}
    assert set(items[0]) == {"person_id", "name", "org_unit_name", "relation"}
    UUID(items[0]["person_id"])


async def test_a_search_matches_part_of_the_name_and_stays_in_the_tenant(world):
    fb, auth = world["fb"], world["auth"]
    found = await fb.get("/v1/feedback/colleagues", params={"q": "amra"}, headers=auth("bel.medewerker"))
    assert [c["name"] for c in found.json()["items"]] == ["Fatima El Amrani"]
    wildcard = await fb.get("/v1/feedback/colleagues", params={"q": "%"}, headers=auth("bel.medewerker"))
    assert wildcard.json()["items"] == []  # a LIKE wildcard is a character, not "everyone"
    heemstede = await fb.get("/v1/feedback/colleagues", headers=auth("heemstede.medewerker"))
    assert heemstede.status_code == 200
    assert not {c["person_id"] for c in heemstede.json()["items"]} & {
        c["person_id"]
        for c in (await fb.get("/v1/feedback/colleagues", headers=auth("bel.medewerker"))).json()["items"]
    }


async def test_pages_follow_the_cursor_and_a_long_search_is_refused(world):
    fb, auth = world["fb"], world["auth"]
    first = (
        await fb.get("/v1/feedback/colleagues", params={"limit": 2}, headers=auth("bel.medewerker"))
    ).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = await fb.get(
        "/v1/feedback/colleagues",
        params={"limit": 2, "cursor": first["next_cursor"]},
        headers=auth("bel.medewerker"),
    )
    assert not {c["person_id"] for c in first["items"]} & {c["person_id"] for c in second.json()["items"]}
    too_long = await fb.get(
        "/v1/feedback/colleagues", params={"q": "x" * 101}, headers=auth("bel.medewerker")
    )
    assert too_long.status_code == 422 and too_long.headers["content-type"].startswith(
        "application/problem+json"
    )
