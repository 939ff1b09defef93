"""The JWKS cache against a fake HTTP transport (unit test; the real Keycloak is used elsewhere)."""

import json

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from dialoog.kit.auth import JwksCache, TokenVerifier
from dialoog.kit.errors import Problem
from dialoog.kit.unavailable import DependencyUnavailable


def jwk(key, kid):
    data = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {**data, "kid": kid, "use": "sig", "alg": "RS256"}


@pytest.fixture
def keys():
    return [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2)]


def make(published):
    calls = []

    def handler(request):
        calls.append(request.url)
        return httpx.Response(200, json={"keys": list(published)})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return JwksCache("https://idp/certs", client, refetch_interval=0), calls


def token(key, kid):
    return jwt.encode(
        {"iss": "https://idp", "aud": "api", "sub": "s", "iat": 1, "exp": 4_000_000_000},
        key,
        "RS256",
        headers={"kid": kid},
    )


async def test_keys_are_cached_by_kid(keys):
    cache, calls = make([jwk(keys[0], "k1")])
    verifier = TokenVerifier("https://idp", "api", cache)
    for _ in range(3):
        await verifier.verify(token(keys[0], "k1"))
    assert len(calls) == 1


async def test_an_unknown_kid_refetches_and_finds_a_rotated_key(keys):
    published = [jwk(keys[0], "k1")]
    cache, calls = make(published)
    verifier = TokenVerifier("https://idp", "api", cache)
    await verifier.verify(token(keys[0], "k1"))
    published.append(jwk(keys[1], "k2"))  # Keycloak rotated its key
    claims = await verifier.verify(token(keys[1], "k2"))
    assert claims["sub"] == "s" and len(calls) == 2


async def test_a_kid_nobody_published_is_refused(keys):
    cache, _ = make([jwk(keys[0], "k1")])
    with pytest.raises(Problem) as refused:
        await TokenVerifier("https://idp", "api", cache).verify(token(keys[1], "k9"))
    assert refused.value.status == 401


async def test_refetches_are_rate_limited(keys):
    cache, calls = make([jwk(keys[0], "k1")])
    cache.refetch_interval = 60
    verifier = TokenVerifier("https://idp", "api", cache)
    for kid in ("x1", "x2", "x3"):
        with pytest.raises(Problem):
            await verifier.verify(token(keys[1], kid))
    assert len(calls) == 1


async def test_keys_in_hand_keep_working_while_the_identity_provider_is_down(keys):
    up = {"now": True}

    def handler(request):
        if not up["now"]:
            raise httpx.ConnectError("connection refused")
        return httpx.Response(200, json={"keys": [jwk(keys[0], "k1")]})

    cache = JwksCache("https://idp/certs", httpx.AsyncClient(transport=httpx.MockTransport(handler)), 0, 0)
    verifier = TokenVerifier("https://idp", "api", cache)
    await verifier.verify(token(keys[0], "k1"))
    up["now"] = False
    assert (await verifier.verify(token(keys[0], "k1")))["sub"] == "s"  # cached: no fetch needed
    with pytest.raises(DependencyUnavailable) as down:
        await verifier.verify(token(keys[1], "k2"))  # needs keys that cannot be fetched
    assert down.value.dependency == "identity"
    up["now"] = True
    with pytest.raises(Problem):  # back: fetched again, and k2 is simply unknown
        await verifier.verify(token(keys[1], "k2"))


async def test_after_a_failed_fetch_requests_do_not_queue_behind_another_attempt(keys):
    calls = []

    def handler(request):
        calls.append(request.url)
        raise httpx.ConnectError("connection refused")

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    verifier = TokenVerifier("https://idp", "api", JwksCache("https://idp/certs", client, 0, 60))
    for _ in range(3):
        with pytest.raises(DependencyUnavailable):
            await verifier.verify(token(keys[0], "k1"))
    assert len(calls) == 1
