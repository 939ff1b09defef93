"""organisatie and portfolio in-process on this worker's databases and nats-server: the demo
tenants are created and imported through organisatie, and portfolio learns them from events."""

import asyncio
from datetime import date

import pytest

from dialoog.devstack.demo_people import demo_csv

TENANTS = (
    ("bel", "BEL Combinatie", "continuous"),
    ("heemstede", "Gemeente Heemstede", "three_talks"),
    ("rijk", "Ministerie van Publieke Dienstverlening", "four_levels"),
)


@pytest.fixture(scope="module")
async def world(service_client, keycloak_token):
    def auth(user):
        return {"Authorization": f"Bearer {keycloak_token(user)}"}

    async with (
        service_client("organisatie", provision_keycloak=False) as org,
        service_client("portfolio") as port,
    ):
        for key, name, preset in TENANTS:
            r = await org.post(
                "/v1/tenants",
                json={"tenant_id": key, "name": name, "preset": preset},
                headers=auth("platform"),
            )
            assert r.status_code in (201, 409), r.text
        for key, _, _ in TENANTS:
            started = await org.post(
                "/v1/imports",
                content=demo_csv(key, date.today()).encode(),
                headers={**auth(f"{key}.beheer"), "content-type": "text/csv"},
            )
            assert started.status_code == 202, started.text
            for _ in range(100):
                if (await org.get(started.headers["location"], headers=auth(f"{key}.beheer"))).json()[
                    "status"
                ] != "running":
                    break
                await asyncio.sleep(0.1)
        people = {}
        for key, _, _ in TENANTS:
            for p in (await org.get("/v1/people?limit=100", headers=auth(f"{key}.beheer"))).json()["items"]:
                people[p["email"].split("@")[0]] = p["id"]
        # Wait until portfolio knows everyone (its projection is fed by organisatie's events).
        for _ in range(200):
            me = await port.get("/v1/portfolios/me", headers=auth("rijk.medewerker"))
            if me.status_code == 200:
                break
            await asyncio.sleep(0.1)
        assert me.status_code == 200, me.text
        yield {"org": org, "port": port, "auth": auth, "people": people}


@pytest.fixture
def view_part(world):
    """`await view_part("heemstede.medewerker", reader, "feedback", until)`: that part of the
    employee's portfolio as `reader` sees it, once `until(part)` holds (an event's effect arrives a
    moment after publishing; a consumer backs off up to 5 s while its stream does not exist yet)."""

    async def get(employee: str, reader: str, part: str, until, tries: int = 300) -> list[dict]:
        for _ in range(tries):
            view = await world["port"].get(
                f"/v1/portfolios/{world['people'][employee]}", headers=world["auth"](reader)
            )
            assert view.status_code == 200, view.text
            if until(view.json()[part]):
                return view.json()[part]
            await asyncio.sleep(0.1)
        raise AssertionError(f"{part} of {employee}: {view.json()[part]}")

    return get
