"""The director's talk reports to read (ADR 0033): a talk recorded in her department is to read
until she has read that employee's talk reports; a talk recorded after that is to read again;
only a director may ask."""

import asyncio


def _person(world, name):
    return world["people"][name]


async def _to_read(world, user="directeur.heemstede") -> dict:
    response = await world["port"].get("/v1/talk-reports/to-read", headers=world["auth"](user))
    assert response.status_code == 200, response.text
    return {r["employee_id"]: r for r in response.json()["items"]}


async def _until(world, employee: str, unread: int) -> dict:
    for _ in range(100):
        found = await _to_read(world)
        if found.get(employee, {}).get("unread") == unread:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"not {unread} to read for {employee}: {found}")


async def _progress_talk(world, employee: str, held_on: str) -> None:
    talk = await world["port"].post(
        f"/v1/portfolios/{employee}/talks",
        headers=world["auth"]("heemstede.leidinggevende"),
        json={
            "type": "progress_talk",
            "initiated_by": "manager",
            "held_on": held_on,
            "fields": {"summary": "Op koers.", "changed_agreements": "Geen."},
        },
    )
    assert talk.status_code == 201, talk.text


async def test_a_new_talk_is_to_read_until_the_director_read_the_reports(world):
    port, auth = world["port"], world["auth"]
    sanne = _person(world, "heemstede.medewerker")
    assert sanne not in await _to_read(world)

    await _progress_talk(world, sanne, "2026-06-01")
    found = await _until(world, sanne, 1)
    assert found[sanne]["last_held_on"] == "2026-06-01"
    assert found[sanne]["email"] == "heemstede.medewerker@demo.dialoog.example"

    reports = await port.get(f"/v1/portfolios/{sanne}/talk-reports", headers=auth("directeur.heemstede"))
    assert reports.status_code == 200, reports.text
    assert sanne not in await _to_read(world)

    await _progress_talk(world, sanne, "2026-07-01")
    await _until(world, sanne, 1)  # only the talk recorded since she read them


async def test_only_a_director_asks(world):
    refused = await world["port"].get(
        "/v1/talk-reports/to-read", headers=world["auth"]("heemstede.leidinggevende")
    )
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
