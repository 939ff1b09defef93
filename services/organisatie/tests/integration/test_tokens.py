"""Token checks against the real Keycloak: what a service accepts and what it refuses (401 problem+json)."""

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa


@pytest.fixture
async def client(service_client):
    async with service_client("organisatie") as client:
        yield client


def assert_401(response):
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "unauthenticated"
    assert response.headers["www-authenticate"].startswith("Bearer")


async def get_units(client, token):
    return await client.get("/v1/org-units", headers={"Authorization": f"Bearer {token}"})


async def test_a_real_keycloak_token_of_a_demo_user_is_accepted(client, keycloak_token):
    response = await get_units(client, keycloak_token("bel.medewerker"))
    assert response.status_code == 200, response.text
    assert "items" in response.json()


async def test_a_locally_signed_valid_token_is_accepted(client, local_signer):
    """The control for the negative cases below: the same signer, valid claims, accepted."""
    response = await get_units(client, local_signer.sign())
    assert response.status_code == 200, response.text


async def test_no_token_is_refused(client):
    assert_401(await client.get("/v1/org-units"))


async def test_expired(client, local_signer):
    now = int(time.time())
    assert_401(await get_units(client, local_signer.sign(local_signer.claims(iat=now - 900, exp=now - 600))))


async def test_not_yet_valid(client, local_signer):
    now = int(time.time())
    assert_401(await get_units(client, local_signer.sign(local_signer.claims(nbf=now + 600))))


async def test_another_issuer(client, local_signer):
    other = local_signer.issuer.replace("/realms/dialoog", "/realms/master")
    assert_401(await get_units(client, local_signer.sign(local_signer.claims(iss=other))))


async def test_wrong_audience(client, local_signer):
    assert_401(await get_units(client, local_signer.sign(local_signer.claims(aud=["account"]))))


async def test_alg_none(client, local_signer):
    token = jwt.encode(local_signer.claims(), None, algorithm="none", headers={"kid": local_signer.kid})
    assert_401(await get_units(client, token))


async def test_hs256_signed_with_the_public_key(client, local_signer):
    header = {"alg": "HS256", "typ": "JWT", "kid": local_signer.kid}

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    import hashlib
    import hmac

    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(local_signer.claims()).encode())}"
    signature = hmac.new(local_signer.public_pem, signing_input.encode(), hashlib.sha256).digest()
    assert_401(await get_units(client, f"{signing_input}.{b64(signature)}"))


async def test_unknown_kid(client, local_signer):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert_401(await get_units(client, local_signer.sign(kid="not-a-realm-key", key=stranger)))


async def test_tampered_payload_of_a_real_token(client, keycloak_token):
    header, payload, signature = keycloak_token("bel.medewerker").split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["realm_access"]["roles"].append("tenant_admin")
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert_401(await get_units(client, f"{header}.{forged}.{signature}"))


async def test_a_member_of_several_organizations_picks_one_of_theirs(client, keycloak_token):
    token = keycloak_token("adviseur.multi", "organization:*")
    auth = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/v1/org-units", headers=auth)).status_code == 400
    assert (
        await client.get("/v1/org-units", headers={**auth, "X-Dialoog-Tenant": "heemstede"})
    ).status_code == 200
    refused = await client.get("/v1/org-units", headers={**auth, "X-Dialoog-Tenant": "rijk"})
    assert refused.status_code == 403
