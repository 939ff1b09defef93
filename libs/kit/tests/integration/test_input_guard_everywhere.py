"""Every service app built by the kit refuses unstorable text before routing (422 invalid-text)."""

import pytest

from dialoog.devstack.config import SERVICES


@pytest.mark.parametrize("service", SERVICES)
async def test_every_service_refuses_a_nul_in_the_query(service_client, service):
    async with service_client(service) as client:
        healthy = await client.get("/healthz")
        assert healthy.status_code == 200
        response = await client.get("/healthz?probe=a%00b")
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "invalid-text"
