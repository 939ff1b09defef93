"""Bad input gets a clear 4xx problem+json and changes nothing; concurrent writers get 412."""

import asyncio

import pytest

from dialoog.testing.pages import every


@pytest.fixture
async def client(service_client):
    async with service_client("organisatie") as client:
        yield client


@pytest.fixture
def admin(keycloak_token):
    return {"Authorization": f"Bearer {keycloak_token('rijk.beheer')}"}


async def count(client, headers):
    return len(await every(client, "/v1/org-units", headers))


def assert_problem(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code and body["title"] and body["i18n"]["en"]["title"]
    return body


async def test_malformed_json(client, admin):
    before = await count(client, admin)
    response = await client.post(
        "/v1/org-units", content=b'{"name": "Team', headers={**admin, "content-type": "application/json"}
    )
    assert_problem(response, 400, "malformed-json")
    assert await count(client, admin) == before


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": 42}, "body.name"),
        ({"name": "  "}, "body.name"),
        ({"name": "x", "parent_id": "nope"}, "body.parent_id"),
        ({"name": "x", "colour": "red"}, "body.colour"),
        ([1, 2], "body"),
    ],
)
async def test_wrong_types(client, admin, body, field):
    before = await count(client, admin)
    problem = assert_problem(await client.post("/v1/org-units", json=body, headers=admin), 422, "validation")
    assert field in [e["field"] for e in problem["errors"]]
    assert await count(client, admin) == before


async def test_unknown_parent_names_the_field(client, admin):
    response = await client.post(
        "/v1/org-units",
        json={"name": "Wees", "parent_id": "00000000-0000-0000-0000-000000000000"},
        headers=admin,
    )
    assert_problem(response, 422, "parent-not-found")


async def test_ten_megabytes(client, admin):
    before = await count(client, admin)
    huge = b'{"name": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = await client.post(
        "/v1/org-units", content=huge, headers={**admin, "content-type": "application/json"}
    )
    assert_problem(response, 413, "payload-too-large")
    assert await count(client, admin) == before


async def test_bad_path_and_query_values(client, admin):
    assert_problem(await client.get("/v1/org-units/not-a-uuid", headers=admin), 422, "validation")
    assert_problem(await client.get("/v1/org-units?limit=100000", headers=admin), 422, "validation")


async def test_an_employee_may_not_create_units(client, keycloak_token):
    headers = {"Authorization": f"Bearer {keycloak_token('rijk.medewerker')}"}
    assert_problem(
        await client.post("/v1/org-units", json={"name": "Mijn team"}, headers=headers), 403, "forbidden"
    )


async def test_two_concurrent_renames_of_one_version_one_wins_one_412(client, admin):
    created = await client.post("/v1/org-units", json={"name": "Team Burgerzaken"}, headers=admin)
    unit = created.json()
    assert created.headers["etag"] == '"1"'
    url = f"/v1/org-units/{unit['id']}"
    results = await asyncio.gather(
        *[
            client.patch(url, json={"name": f"Burgerzaken {n}"}, headers={**admin, "If-Match": '"1"'})
            for n in "AB"
        ]
    )
    assert sorted(r.status_code for r in results) == [200, 412]
    winner = next(r for r in results if r.status_code == 200).json()
    assert winner["version"] == 2
    assert (await client.get(url, headers=admin)).json()["name"] == winner["name"]
    assert_problem(next(r for r in results if r.status_code == 412), 412, "precondition-failed")


async def test_a_write_without_if_match_is_428(client, admin):
    unit = (await client.post("/v1/org-units", json={"name": "Team Zonder Versie"}, headers=admin)).json()
    response = await client.patch(f"/v1/org-units/{unit['id']}", json={"name": "Nieuw"}, headers=admin)
    assert_problem(response, 428, "precondition-required")


@pytest.mark.parametrize(
    "url",
    [
        "/v1/cycle/versions/2147483648",
        "/v1/cycle/versions/-1",
        "/v1/cycle/diff?from=1&to=99999999999999999999",
        "/v1/org-units?limit=2147483648",
        "/v1/people?limit=501",
    ],
)
async def test_integers_past_postgresql_range_are_refused_at_the_edge(client, admin, url):
    assert_problem(await client.get(url, headers=admin), 422, "validation")


async def test_nul_and_lone_surrogates_change_nothing(client, admin):
    before = await count(client, admin)
    for raw in (b'{"name": "a\\u0000b"}', b'{"name": "a\\ud800b"}', b'{"name": "a\x00b"}'):
        response = await client.post(
            "/v1/org-units", content=raw, headers={**admin, "content-type": "application/json"}
        )
        if raw.count(b"\x00"):  # a raw NUL byte is not JSON at all
            assert_problem(response, 400, "malformed-json")
        else:
            body = assert_problem(response, 422, "invalid-text")
            assert [e["field"] for e in body["errors"]] == ["body.name"]
    assert await count(client, admin) == before
    body = assert_problem(await client.get("/v1/people?q=a%00b", headers=admin), 422, "invalid-text")
    assert body["errors"][0]["field"] == "query.q"
    assert_problem(await client.get("/v1/org-units/a%00b", headers=admin), 422, "invalid-text")
