"""organisatie and feedback in-process on this worker's databases and nats-server: the demo
tenants are made through organisatie (dialoog.testing.world), feedback learns them from events,
and feedback's mail goes to the stack's SMTP sink (the `mailbox` fixture reads it)."""

import asyncio

import pytest

from dialoog.testing.world import create_demo_tenants


@pytest.fixture(scope="module")
async def world(service_client, keycloak_token, local_signer):
    def auth(user):
        return {"Authorization": f"Bearer {keycloak_token(user)}"}

    def signed(email: str, tenant: str = "bel", roles=("employee",)) -> dict:
        """A token for a demo person without a Keycloak account (matched by e-mail)."""
        claims = local_signer.claims(
            email=email, organization=[tenant], realm_access={"roles": list(roles)}, preferred_username=email
        )
        return {"Authorization": f"Bearer {local_signer.sign(claims)}"}

    async with (
        service_client("organisatie", provision_keycloak=False) as org,
        service_client("feedback", outsider_invitations_per_requester_per_day=1000) as fb,
    ):
        people = await create_demo_tenants(org, auth)
        for user in ("bel.medewerker", "heemstede.medewerker", "rijk.medewerker"):
            for _ in range(300):  # feedback learns the people from organisatie's events
                r = await fb.get("/v1/feedback/requests", headers=auth(user))
                if r.status_code == 200:
                    break
                await asyncio.sleep(0.1)
            assert r.status_code == 200, r.text
        for user, name in (("bel.beheer", "BEL Combinatie"), ("heemstede.beheer", "Gemeente Heemstede")):
            for _ in range(300):  # and the tenant's name (on the outsiders' page)
                r = await fb.get("/v1/feedback/settings", headers=auth(user))
                if r.status_code == 200 and r.json()["name"] == name:
                    break
                await asyncio.sleep(0.1)
            assert r.json()["name"] == name, r.text
        # The cap of a day is tested on an app of its own (test_request_life_cycle), with the default.
        yield {"org": org, "fb": fb, "auth": auth, "signed": signed, "people": people}
