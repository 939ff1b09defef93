"""Numbers past PostgreSQL's range and text it cannot store get 422 problem+json, and change nothing."""

import pytest


def assert_problem(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    return response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/v1/salary/rounds/2147483648",
        "/v1/salary/rounds/2147483648/progress",
        "/v1/salary/rounds/2147483648/decisions",
        "/v1/salary/rounds/2026/decisions?limit=9223372036854775808",
    ],
)
async def test_integers_past_range_are_refused_at_the_edge(salary_world, url):
    response = await salary_world["sal"].get(url, headers=salary_world["auth"]("heemstede.hr"))
    assert_problem(response, 422, "validation")


async def test_a_nul_in_the_letter_settings_changes_nothing(salary_world):
    auth = salary_world["auth"]("heemstede.beheer")
    before = (await salary_world["sal"].get("/v1/salary/settings", headers=auth)).json()
    response = await salary_world["sal"].patch(
        "/v1/salary/settings",
        content=b'{"signatory_name": "A\\u0000B"}',
        headers={**auth, "content-type": "application/json", "if-match": '"1"'},
    )
    body = assert_problem(response, 422, "invalid-text")
    assert body["errors"][0]["field"] == "body.signatory_name"
    assert (await salary_world["sal"].get("/v1/salary/settings", headers=auth)).json() == before
