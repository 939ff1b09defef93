"""/readyz tells which dependency is missing; /healthz only says the process is up."""

import asyncio

from dialoog.testing.nats_server import free_port


async def test_ready_when_database_nats_and_keycloak_answer(service_client):
    async with service_client("portfolio") as client:
        for _ in range(50):
            response = await client.get("/readyz")
            if response.status_code == 200:
                break
            await asyncio.sleep(0.1)
        assert response.json() == {
            "status": "ready",
            "checks": {"database": "ok", "nats": "ok", "identity": "ok"},
        }


async def test_not_ready_names_what_is_unreachable(service_client):
    # A port that was free a moment ago: nothing listens there.
    async with service_client("portfolio", nats_url=f"nats://127.0.0.1:{free_port()}") as client:
        assert (await client.get("/healthz")).status_code == 200
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["code"] == "not-ready" and "nats" in body["detail"]
        assert body["checks"]["database"] == "ok" and body["checks"]["nats"] != "ok"
