"""Lists page with an opaque cursor: walking /v1/people two at a time gives every person exactly
once, in the list's order, and the last page says there is no next one; a cursor that is not the
service's own is 422 invalid-cursor."""

import uuid

import pytest

from dialoog.testing.pages import every


def person(number: str, last_name: str) -> dict:
    return {
        "employee_number": number,
        "first_name": "Pagina",
        "last_name": last_name,
        "email": f"{number.lower()}@example.org",
    }


async def test_a_list_walked_two_at_a_time_gives_every_item_once_in_order(org, as_user, demo_tenants):
    admin = as_user("bel.beheer")
    tag = uuid.uuid4().hex[:8]
    # Two people share a last name, so that the id has to break the tie.
    for n, last in enumerate(["Zwart", "Adema", "Zwart", "Mulder", "Bakker"]):
        created = await org.post("/v1/people", json=person(f"pg{tag}-{n}", f"{last} {tag}"), headers=admin)
        assert created.status_code == 201, created.text

    seen, pages, cursor = [], 0, None
    while True:
        params = {"limit": 2, "q": tag, **({"cursor": cursor} if cursor else {})}
        response = await org.get("/v1/people", params=params, headers=admin)
        assert response.status_code == 200, response.text
        page = response.json()
        assert set(page) == {"items", "next_cursor"}
        assert len(page["items"]) <= 2
        seen += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    numbers = [p["employee_number"] for p in seen]
    assert sorted(numbers) == sorted(f"pg{tag}-{n}" for n in range(5))  # each exactly once
    keys = [(p["last_name"], p["first_name"], p["id"]) for p in seen]
    whole = (await org.get("/v1/people", params={"q": tag, "limit": 500}, headers=admin)).json()
    assert whole["next_cursor"] is None
    assert [p["id"] for p in whole["items"]] == [p["id"] for p in seen]  # the same order as in one page
    assert [k[0].split()[0] for k in keys] == ["Adema", "Bakker", "Mulder", "Zwart", "Zwart"]

    # The helper the other tests use walks the same way.
    assert [p["id"] for p in await every(org, f"/v1/people?q={tag}", admin, limit=2)] == [
        p["id"] for p in seen
    ]


@pytest.mark.parametrize("flip", [0, 5, -1])
async def test_a_damaged_cursor_is_422_invalid_cursor(org, as_user, demo_tenants, flip):
    admin = as_user("bel.beheer")
    first = (await org.get("/v1/people", params={"limit": 1}, headers=admin)).json()
    assert first["next_cursor"], "the demo tenant has more than one person"
    cursor = first["next_cursor"]
    damaged = (
        cursor[:flip] + ("A" if cursor[flip] != "A" else "B") + (cursor[flip + 1 :] if flip != -1 else "")
    )
    response = await org.get(
        "/v1/people", params={"cursor": damaged}, headers={**admin, "Accept-Language": "en"}
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "invalid-cursor"
    assert body["title"] == "Invalid cursor" and body["i18n"]["nl"]["title"] == "Ongeldige cursor"


@pytest.mark.parametrize("cursor", ["nietsvanons", "eyJ4IjoxfQ", "!!!", "x" * 513])
async def test_a_cursor_the_service_never_gave_is_refused(org, as_user, demo_tenants, cursor):
    response = await org.get("/v1/people", params={"cursor": cursor}, headers=as_user("bel.beheer"))
    assert response.status_code == 422, response.text
    assert response.json()["code"] in ("invalid-cursor", "validation")


async def test_the_units_list_takes_a_whole_tenant_in_one_page_of_up_to_1000(org, as_user, demo_tenants):
    """HR's pages name every unit: a page of /v1/org-units holds up to 1,000 (ADR 0038)."""
    admin = as_user("bel.beheer")
    whole = await org.get("/v1/org-units", params={"limit": 1000}, headers=admin)
    assert whole.status_code == 200, whole.text
    assert whole.json()["next_cursor"] is None
    assert [u["id"] for u in whole.json()["items"]] == [
        u["id"] for u in await every(org, "/v1/org-units", admin, limit=2)
    ]
    too_many = await org.get("/v1/org-units", params={"limit": 1001}, headers=admin)
    assert too_many.status_code == 422 and too_many.json()["code"] == "validation"
