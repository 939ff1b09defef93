"""Tenant isolation enforced by PostgreSQL row level security, also on one shared connection."""

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.testing.pages import every


@pytest.fixture
async def one_connection_client(service_client):
    async with service_client("organisatie", database_pool_size=1, database_max_overflow=0) as client:
        yield client


def auth(token):
    return {"Authorization": f"Bearer {token}"}


async def test_interleaved_tenants_on_one_connection_never_see_each_other(
    one_connection_client, keycloak_token
):
    client = one_connection_client
    bel, heemstede = auth(keycloak_token("bel.beheer")), auth(keycloak_token("heemstede.beheer"))

    async def create(headers, name):
        response = await client.post("/v1/org-units", json={"name": name}, headers=headers)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    async def names(headers):
        return {u["name"] for u in await every(client, "/v1/org-units", headers)}

    rounds = 10
    created = await asyncio.gather(
        *[
            create(bel if i % 2 == 0 else heemstede, f"{'BEL' if i % 2 == 0 else 'HST'} iso {i}")
            for i in range(2 * rounds)
        ]
    )
    seen = await asyncio.gather(*[names(bel if i % 2 == 0 else heemstede) for i in range(2 * rounds)])
    for i, visible in enumerate(seen):
        own, other = ("BEL", "HST") if i % 2 == 0 else ("HST", "BEL")
        assert any(n.startswith(f"{own} iso") for n in visible)
        assert not any(n.startswith(f"{other} iso") for n in visible)
    # A direct read of the other tenant's unit is a 404, not a 403: it does not exist for them.
    foreign = await client.get(f"/v1/org-units/{created[1]}", headers=bel)
    assert foreign.status_code == 404
    assert foreign.headers["content-type"] == "application/problem+json"


async def test_the_database_itself_refuses_rows_of_another_tenant(test_databases):
    engine = create_async_engine(test_databases("organisatie")["app"])
    try:
        async with engine.connect() as conn:
            # No tenant set: nothing visible, even though rows exist.
            assert (await conn.execute(text("select count(*) from org_units"))).scalar() == 0
            await conn.rollback()
            async with conn.begin():
                await conn.execute(text("select set_config('app.tenant_id', 'bel', true)"))
                with pytest.raises(Exception, match="row-level security"):
                    async with conn.begin_nested():
                        await conn.execute(
                            text(
                                "insert into org_units (id, tenant_id, name) values (gen_random_uuid(), 'rijk', 'x')"
                            )
                        )
    finally:
        await engine.dispose()
