"""organisatie and portfolio in-process on this worker's databases and nats-server: the demo
tenants are created and imported through organisatie (dialoog.testing.world), and portfolio
learns them from events."""

import asyncio

import pytest

from dialoog.testing.world import create_demo_tenants


@pytest.fixture(scope="module")
async def world(service_client, keycloak_token):
    def auth(user):
        return {"Authorization": f"Bearer {keycloak_token(user)}"}

    async with (
        service_client("organisatie", provision_keycloak=False) as org,
        service_client("portfolio") as port,
    ):
        people = await create_demo_tenants(org, auth)
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
