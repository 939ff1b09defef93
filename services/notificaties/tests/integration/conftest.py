"""notificaties in-process on this worker's database and nats-server, with webhooks allowed to
reach loopback receivers (`webhooks_allow_private`, as in the dev stack) and a retry schedule
short enough to watch: 0.2 s, 0.2 s, 0.3 s (four attempts in all)."""

import pytest

SCHEDULE = (0.2, 0.2, 0.3)
FAST = {
    "webhooks_allow_private": True,
    "webhook_retry_schedule": SCHEDULE,
    "webhook_poll_seconds": 0.1,
    "webhook_disable_after_gave_up": 2,
    "webhook_max_endpoints": 1000,
}


@pytest.fixture(scope="module")
async def hooks(service_client, keycloak_token):
    def auth(user):
        return {"Authorization": f"Bearer {keycloak_token(user)}"}

    async with service_client("notificaties", **FAST) as client:
        yield {"client": client, "auth": auth}
