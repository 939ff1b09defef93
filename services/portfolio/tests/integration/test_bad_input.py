"""Text PostgreSQL cannot store and numbers past its range get 422 problem+json, and change nothing."""

import pytest


def assert_problem(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    return response.json()


async def catalogue(world):
    listed = await world["port"].get(
        "/v1/competencies?include_inactive=true", headers=world["auth"]("heemstede.beheer")
    )
    assert listed.status_code == 200, listed.text
    return listed.json()["items"]


async def test_a_nul_in_a_competency_name_is_refused(world):
    before = await catalogue(world)
    response = await world["port"].post(
        "/v1/competencies",
        content=b'{"key": "nul_test", "name": "a\\u0000b"}',
        headers={**world["auth"]("heemstede.beheer"), "content-type": "application/json"},
    )
    body = assert_problem(response, 422, "invalid-text")
    assert body["errors"][0]["field"] == "body.name"
    assert await catalogue(world) == before


async def test_a_lone_surrogate_in_an_agreement_title_is_refused(world):
    me = world["people"]["heemstede.medewerker"]
    auth = world["auth"]("heemstede.medewerker")
    before = (await world["port"].get(f"/v1/portfolios/{me}", headers=auth)).json()["agreements"]
    response = await world["port"].post(
        f"/v1/portfolios/{me}/agreements",
        content=b'{"kind": "result", "title": "\\ud800"}',
        headers={**auth, "content-type": "application/json"},
    )
    assert_problem(response, 422, "invalid-text")
    after = (await world["port"].get(f"/v1/portfolios/{me}", headers=auth)).json()["agreements"]
    assert after == before


@pytest.mark.parametrize("url", ["/v1/portfolios/a%00b", "/v1/audit?object_id=%00", "/v1/team?x=%00"])
async def test_nul_in_path_and_query(world, url):
    assert_problem(await world["port"].get(url, headers=world["auth"]("heemstede.hr")), 422, "invalid-text")


async def test_an_audit_cursor_that_is_not_the_services_own_is_refused(world):
    response = await world["port"].get("/v1/audit?cursor=OTIyMzM3", headers=world["auth"]("heemstede.hr"))
    assert_problem(response, 422, "invalid-cursor")
