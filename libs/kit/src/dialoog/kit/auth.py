"""Verify Keycloak access tokens and turn them into a `Principal`.

Rules: RS256 only; the exact issuer; the required audience; exp (required) and nbf (when present);
keys from the realm's JWKS, cached by `kid` and refetched once when a token names an unknown `kid`
(key rotation), at most once per `refetch_interval` so that forged kids cannot hammer Keycloak.
Keys in hand keep working while Keycloak is down; a token that needs keys which cannot be fetched
gets 503 `dependency-unavailable` (kit.unavailable), and the next request after Keycloak is back
fetches them.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import jwt
from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jwt.algorithms import RSAAlgorithm

from dialoog.kit.errors import Problem, Text
from dialoog.kit.problems import forbidden, problem
from dialoog.kit.unavailable import DependencyUnavailable

KNOWN_ROLES = frozenset(
    {"employee", "manager", "hr_advisor", "director", "tenant_admin", "platform_admin", "integrator"}
)
TENANT_HEADER = "X-Dialoog-Tenant"


def _unauthenticated(reason_nl: str, reason_en: str) -> Problem:
    return problem(
        "unauthenticated",
        Text(reason_nl, reason_en),
        headers={"WWW-Authenticate": 'Bearer realm="dialoog", error="invalid_token"'},
    )


@dataclass(frozen=True)
class Principal:
    """Who is calling, for which tenant, with which roles. The tenant is always one of the
    organizations in the token."""

    user_id: str
    username: str
    tenant: str | None
    tenants: tuple[str, ...]
    roles: frozenset[str]
    email: str | None = None
    name: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)


def organizations_from_claims(claims: dict[str, Any]) -> tuple[str, ...]:
    """Keycloak's organization mapper yields a list of aliases, or a mapping of alias to
    attributes when it adds ids; both shapes are accepted."""
    value = claims.get("organization")
    if isinstance(value, list):
        return tuple(sorted(str(v) for v in value))
    if isinstance(value, dict):
        return tuple(sorted(str(k) for k in value))
    if isinstance(value, str) and value:
        return (value,)
    return ()


def principal_from_claims(claims: dict[str, Any], requested_tenant: str | None) -> Principal:
    tenants = organizations_from_claims(claims)
    if requested_tenant:
        if requested_tenant not in tenants:
            raise problem(
                "tenant-not-yours",
                Text(
                    "De gekozen organisatie hoort niet bij uw account.",
                    "The selected organization is not one of your account's organizations.",
                ),
            )
        tenant: str | None = requested_tenant
    elif len(tenants) == 1:
        tenant = tenants[0]
    elif not tenants:
        tenant = None
    else:
        raise problem(
            "tenant-selection-required",
            Text(
                f"Uw account hoort bij meerdere organisaties; kies er een met {TENANT_HEADER}.",
                f"Your account belongs to several organizations; choose one with {TENANT_HEADER}.",
            ),
            organizations=list(tenants),
        )
    realm_roles = (claims.get("realm_access") or {}).get("roles") or []
    return Principal(
        user_id=str(claims["sub"]),
        username=str(claims.get("preferred_username") or claims["sub"]),
        tenant=tenant,
        tenants=tenants,
        roles=frozenset(r for r in realm_roles if r in KNOWN_ROLES),
        email=claims.get("email"),
        name=claims.get("name"),
        claims=claims,
    )


class JwksCache:
    """The realm's signing keys by kid. Fetched lazily; refetched when a kid is unknown."""

    def __init__(
        self,
        url: str,
        client: httpx.AsyncClient,
        refetch_interval: float = 10.0,
        failure_pause: float = 1.0,
    ) -> None:
        self.url = url
        self.client = client
        self.refetch_interval = refetch_interval
        self.failure_pause = failure_pause
        self._failed_at: float | None = None
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()
        self.fetch_count = 0

    @property
    def loaded(self) -> bool:
        return self._fetched_at is not None

    async def refresh(self) -> None:
        response = await self.client.get(self.url, timeout=5.0)
        response.raise_for_status()
        keys: dict[str, Any] = {}
        for jwk in response.json().get("keys", []):
            if jwk.get("kty") == "RSA" and jwk.get("use", "sig") == "sig" and jwk.get("kid"):
                keys[jwk["kid"]] = RSAAlgorithm.from_jwk(json.dumps(jwk))
        self._keys = keys
        self._fetched_at = time.monotonic()
        self.fetch_count += 1

    async def key_for(self, kid: str) -> Any | None:
        if kid in self._keys:
            return self._keys[kid]
        async with self._lock:
            if kid in self._keys:
                return self._keys[kid]
            recently = (
                self._fetched_at is not None and time.monotonic() - self._fetched_at < self.refetch_interval
            )
            if not recently:
                if self._failed_at is not None and time.monotonic() - self._failed_at < self.failure_pause:
                    # Keycloak just failed to answer: say so at once instead of queueing every
                    # request behind another attempt (the next one after the pause tries again).
                    raise DependencyUnavailable("identity", "JWKS fetch failed moments ago")
                try:
                    await self.refresh()
                except (httpx.HTTPError, ValueError) as exc:
                    self._failed_at = time.monotonic()
                    raise DependencyUnavailable("identity", f"JWKS: {type(exc).__name__}") from exc
                self._failed_at = None
            return self._keys.get(kid)


class TokenVerifier:
    def __init__(self, issuer: str, audience: str, jwks: JwksCache, leeway: int = 30) -> None:
        self.issuer = issuer
        self.audience = audience
        self.jwks = jwks
        self.leeway = leeway

    async def verify(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise _unauthenticated("Het token is onleesbaar.", "The token is malformed.") from exc
        if header.get("alg") != "RS256":
            raise _unauthenticated(
                "Alleen RS256-ondertekende tokens worden aanvaard.", "Only RS256-signed tokens are accepted."
            )
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise _unauthenticated("Het token noemt geen sleutel (kid).", "The token names no key (kid).")
        key = await self.jwks.key_for(kid)
        if key is None:
            raise _unauthenticated(
                "Het token is getekend met een onbekende sleutel.", "The token is signed with an unknown key."
            )
        try:
            return jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "iss", "sub", "aud"], "verify_nbf": True},
            )
        except jwt.ExpiredSignatureError as exc:
            raise _unauthenticated("Het token is verlopen.", "The token has expired.") from exc
        except jwt.ImmatureSignatureError as exc:
            raise _unauthenticated("Het token is nog niet geldig.", "The token is not valid yet.") from exc
        except jwt.InvalidIssuerError as exc:
            raise _unauthenticated(
                "Het token komt van een andere uitgever.", "The token comes from another issuer."
            ) from exc
        except jwt.InvalidAudienceError as exc:
            raise _unauthenticated(
                "Het token is niet voor deze dienst.", "The token is not for this service."
            ) from exc
        except jwt.InvalidSignatureError as exc:
            raise _unauthenticated("De handtekening klopt niet.", "The signature is invalid.") from exc
        except jwt.PyJWTError as exc:
            raise _unauthenticated("Het token is ongeldig.", "The token is invalid.") from exc


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthenticated("Meld u aan met een Bearer-token.", "Sign in with a Bearer token.")
    return token.strip()


# Declares the bearer scheme in the OpenAPI; the token itself is read and verified below.
BEARER = HTTPBearer(
    scheme_name="bearer",
    bearerFormat="JWT",
    description="An access token of the dialoog realm (Keycloak), audience dialoog-api",
    auto_error=False,
)


async def authenticate(
    request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)] = None
) -> Principal:
    """FastAPI dependency: the verified caller."""
    verifier: TokenVerifier = request.app.state.token_verifier
    claims = await verifier.verify(bearer_token(request))
    principal = principal_from_claims(claims, request.headers.get(TENANT_HEADER))
    request.state.principal = principal
    return principal


def require_roles(principal: Principal, roles: Iterable[str]) -> None:
    wanted = tuple(roles)
    if not principal.has_role(*wanted):
        raise forbidden(
            "Hiervoor is een van deze rollen nodig: " + ", ".join(wanted) + ".",
            "This needs one of these roles: " + ", ".join(wanted) + ".",
        )
