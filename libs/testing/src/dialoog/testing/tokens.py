"""Tokens for tests: real ones from Keycloak (password grant of the dev client), and locally signed
ones for negative tests, signed with a key that Keycloak itself publishes in the realm's JWKS (a
passive key, never used by Keycloak to sign), so services verify them exactly as in production."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dialoog.devstack.config import AUDIENCE, REALM, StackConfig
from dialoog.devstack.realm import admin

TEST_KEY_NAME = "dialoog-test-signing-key"


def _private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


@dataclass
class LocalSigner:
    """Signs tokens with a key the realm publishes (kid known to every service)."""

    key: rsa.RSAPrivateKey
    kid: str
    issuer: str
    audience: str = AUDIENCE

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        base: dict[str, Any] = {
            "iss": self.issuer,
            "aud": [self.audience],
            "sub": str(uuid.uuid4()),
            "iat": now,
            "exp": now + 300,
            "preferred_username": "test.user",
            "organization": ["bel"],
            "realm_access": {"roles": ["employee"]},
        }
        base.update(overrides)
        return {k: v for k, v in base.items() if v is not None}

    def sign(
        self, claims: dict[str, Any] | None = None, *, kid: str | None = None, key=None, alg="RS256"
    ) -> str:
        return jwt.encode(
            claims or self.claims(), key or self.key, algorithm=alg, headers={"kid": kid or self.kid}
        )

    @property
    def public_pem(self) -> bytes:
        return self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def install_local_signer(cfg: StackConfig, name: str = TEST_KEY_NAME) -> LocalSigner:
    """Register (once) an RSA key as a passive key of the realm and return a signer for it. `name`:
    one per test worker (each replaces only its own key: two workers share the realm)."""
    kc = admin(cfg)
    kc.change_current_realm(REALM)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for component in kc.get_components({"type": "org.keycloak.keys.KeyProvider"}):
        if component.get("name") == name:
            kc.delete_component(component["id"])
    realm_id = kc.get_realm(REALM)["id"]
    kc.create_component(
        {
            "name": name,
            "providerId": "rsa",
            "providerType": "org.keycloak.keys.KeyProvider",
            "parentId": realm_id,
            "config": {
                "priority": ["1"],
                "enabled": ["true"],
                "active": ["false"],
                "algorithm": ["RS256"],
                "privateKey": [_private_pem(key)],
            },
        }
    )
    public = key.public_key().public_numbers()
    for entry in kc.get_keys()["keys"]:
        if entry.get("providerPriority") == 1 and entry.get("type") == "RSA" and entry.get("publicKey"):
            published = serialization.load_der_public_key(
                __import__("base64").b64decode(entry["publicKey"])
            ).public_numbers()
            if published.n == public.n:
                return LocalSigner(key=key, kid=entry["kid"], issuer=cfg.issuer)
    raise RuntimeError("the test signing key did not appear among the realm's keys")
