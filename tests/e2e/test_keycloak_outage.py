"""Keycloak stopped by its recorded pid and started again, under the running stack: services with
keys in hand keep working, a service that needs keys answers 503 problem+json with Retry-After,
the portal's login answers the 503 page (not "login failed"), and a tenant created meanwhile is
provisioned in Keycloak once it is back. Nothing else is restarted. (A module of its own: the
browser tests' Playwright keeps an event loop running, async tests cannot share their module.)"""

import asyncio
import re
import time
import uuid
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from dialoog.devstack import stack
from dialoog.devstack.config import REALM
from dialoog.devstack.realm import admin
from dialoog.testing.plugin import in_thread
from dialoog.testing.waiting import eventually

pytestmark = pytest.mark.e2e


async def portal_login_attempt(portal: httpx.AsyncClient) -> httpx.Response:
    """Start a login (the portal remembers state and PKCE in a session) and come back from
    Keycloak with a code that Keycloak never issued."""
    started = await portal.get("/auth/login")
    assert started.status_code == 303
    state = parse_qs(urlparse(started.headers["location"]).query)["state"][0]
    cookie = f"dialoog_session={started.cookies['dialoog_session']}"  # Secure: sent by hand over http
    return await portal.get(
        "/auth/callback", params={"code": "not-a-code", "state": state}, headers={"Cookie": cookie}
    )


@pytest.mark.exclusive  # every worker's tests fetch tokens from this Keycloak (ADR 0040)
@pytest.mark.timeout(900)
async def test_keycloak_stopped_and_started_again(dialoog_stack, keycloak_token, service_client):
    platform = {"Authorization": f"Bearer {keycloak_token('platform')}"}
    beheer = {"Authorization": f"Bearer {keycloak_token('bel.beheer')}"}
    alias = f"storing-{uuid.uuid4().hex[:6]}"
    organisatie = httpx.AsyncClient(base_url=dialoog_stack.service_url("organisatie"), timeout=30)
    portal = httpx.AsyncClient(base_url=dialoog_stack.service_url("portal"), timeout=30)
    async with organisatie, portal:
        assert (await organisatie.get("/v1/org-units", headers=beheer)).status_code == 200  # keys cached

        in_thread(stack.stop_one, dialoog_stack, "keycloak")
        try:
            # A running service checks tokens with the keys it has: nothing changes for callers.
            assert (await organisatie.get("/v1/org-units", headers=beheer)).status_code == 200
            # Writes that lead to Keycloak work happen: provisioning follows after the commit.
            created = await organisatie.post(
                "/v1/tenants",
                json={"key": alias, "name": "Gemeente Storing", "preset": "continuous"},
                headers=platform,
            )
            assert created.status_code == 201, created.text
            # The portal's login cannot reach Keycloak: the 503 page, not "login failed".
            attempt = await portal_login_attempt(portal)
            assert attempt.status_code == 503 and attempt.headers["retry-after"] == "10"
            assert "Tijdelijk niet beschikbaar" in attempt.text
            # A service that has no keys yet cannot check a token: 503 problem+json, not 401 or 500.
            async with service_client("portfolio") as cold:
                refused = await cold.get("/v1/competencies", headers=beheer)
                assert refused.status_code == 503, refused.text
                assert refused.headers["content-type"] == "application/problem+json"
                assert refused.headers["retry-after"] == "10"
                assert refused.json()["code"] == "dependency-unavailable"
                assert refused.json()["dependency"] == "identity"

                in_thread(stack.start_one, dialoog_stack, "keycloak")

                async def answers():  # the same app instance, no restart
                    response = await cold.get("/v1/competencies", headers=beheer)
                    return response if response.status_code != 503 else None

                assert (await eventually(answers, 60, "the cold service to fetch keys")).status_code == 200
        finally:
            in_thread(stack.start_one, dialoog_stack, "keycloak")  # a no-op when it runs

        attempt = await portal_login_attempt(portal)
        assert (
            attempt.status_code == 400 and "Inloggen is niet gelukt" in attempt.text
        )  # Keycloak refused the code

        async def provisioned():
            platform = {"Authorization": f"Bearer {keycloak_token('platform')}"}  # may be a new one
            tenants = (await organisatie.get("/v1/tenants?limit=200", headers=platform)).json()["items"]
            mine = next(t for t in tenants if t["key"] == alias)
            return mine if mine["status"] == "active" else None

        tenant = await eventually(provisioned, 180, "the tenant provisioned in Keycloak")
        kc = admin(dialoog_stack)
        kc.change_current_realm(REALM)
        try:
            assert kc.get_organization(tenant["keycloak_org_id"])["alias"] == alias
        finally:
            kc.delete_organization(tenant["keycloak_org_id"])
    assert re.fullmatch(r"[0-9a-f-]{36}", tenant["keycloak_org_id"])
