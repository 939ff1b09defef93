"""organisatie, feedback and notificaties in-process on this worker's databases and nats-server:
the demo tenants are made through organisatie (dialoog.testing.world), notificaties learns them
from events, and its mail goes to the stack's SMTP sink (the `mailbox` fixture reads it).

The webhook tests (`hooks`) run notificaties alone, with webhooks allowed to reach loopback
receivers (`webhooks_allow_private`, as in the dev stack) and a retry schedule short enough to
watch: 0.2 s, 0.2 s, 0.3 s (four attempts in all)."""

import asyncio

import pytest

from dialoog.testing.plugin import worker_id
from dialoog.testing.world import create_demo_tenants

from .helpers import caught_up, ensure_namespace, ensure_streams

SCHEDULE = (0.2, 0.2, 0.3)
FAST = {
    "webhooks_allow_private": True,
    "webhook_retry_schedule": SCHEDULE,
    "webhook_poll_seconds": 0.1,
    "webhook_disable_after_gave_up": 2,
    "webhook_max_endpoints": 1000,
}


@pytest.fixture(scope="module")
async def world(service_client, keycloak_token, local_signer, test_nats, dialoog_stack):
    def auth(user):
        return {"Authorization": f"Bearer {keycloak_token(user)}"}

    def signed(email: str, tenant: str = "bel", roles=("employee",)) -> dict:
        """A token for a demo person without a Keycloak account (matched by e-mail)."""
        claims = local_signer.claims(
            email=email, organization=[tenant], realm_access={"roles": list(roles)}, preferred_username=email
        )
        return {"Authorization": f"Bearer {local_signer.sign(claims)}"}

    await ensure_streams(test_nats.url, "salaris", "portfolio", "feedback", "organisatie")
    # The reminder workflows the consumer starts go to this pytest worker's own namespace and task
    # queue (the same for every module: a cycle's workflow, started by the first module's world, is
    # the one later modules wake), where only a test's own worker (test_reminders) runs them, on
    # this pytest worker's database.
    namespace = f"dialoog-test-{worker_id()}"
    await ensure_namespace(dialoog_stack.temporal_address, namespace)
    temporal = {
        "temporal_address": dialoog_stack.temporal_address,
        "temporal_namespace": namespace,
        "temporal_task_queue": f"notificaties-reminders-test-{worker_id()}",
    }
    async with (
        service_client("organisatie", provision_keycloak=False) as org,
        service_client("feedback", outsider_invitations_per_requester_per_day=1000) as fb,
        service_client("notificaties", **temporal) as nt,
    ):
        people = await create_demo_tenants(org, auth)
        for user in ("bel.leidinggevende", "heemstede.leidinggevende", "bel.beheer"):
            for _ in range(300):  # notificaties learns the people from organisatie's events
                r = await nt.get("/v1/inbox/unread-count", headers=auth(user))
                if r.status_code == 200:
                    break
                await asyncio.sleep(0.1)
            assert r.status_code == 200, r.text
        for user in ("bel.medewerker",):
            for _ in range(300):  # and feedback too (the requests below go through it)
                r = await fb.get("/v1/feedback/requests", headers=auth(user))
                if r.status_code == 200:
                    break
                await asyncio.sleep(0.1)
            assert r.status_code == 200, r.text
        await caught_up(test_nats.url)
        yield {
            "org": org,
            "fb": fb,
            "nt": nt,
            "auth": auth,
            "signed": signed,
            "people": people,
            "nats": test_nats,
        }


@pytest.fixture(scope="module")
async def hooks(service_client, keycloak_token):
    def auth(user):
        return {"Authorization": f"Bearer {keycloak_token(user)}"}

    async with service_client("notificaties", **FAST) as client:
        yield {"client": client, "auth": auth}
