"""OpenID Connect against Keycloak: authorization code with PKCE (S256), token refresh, logout."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from urllib.parse import urlencode

import httpx
import jwt
from fastapi import Request

from dialoog.kit.unavailable import DependencyUnavailable
from dialoog.portal.settings import Settings


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


class OidcClient:
    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self.settings = settings
        self.http = http
        self.public = settings.oidc_issuer  # what browsers see, and the tokens' issuer
        self.internal = settings.oidc_internal_url or settings.oidc_issuer

    @property
    def redirect_uri(self) -> str:
        return f"{self.settings.public_url}/auth/callback"

    def authorize_url(self, state: str, nonce: str, challenge: str, lang: str) -> str:
        query = {
            "client_id": self.settings.oidc_client_id,
            "response_type": "code",
            "scope": "openid profile email organization:*",
            "redirect_uri": self.redirect_uri,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "ui_locales": lang,
        }
        return f"{self.public}/protocol/openid-connect/auth?{urlencode(query)}"

    async def _token(self, data: dict) -> dict:
        """Keycloak refusing the code or refresh token raises httpx.HTTPStatusError; Keycloak not
        answering (or a 5xx while it starts) raises DependencyUnavailable: the 503 page, not a
        failed login."""
        try:
            response = await self.http.post(
                f"{self.internal}/protocol/openid-connect/token",
                data={
                    **data,
                    "client_id": self.settings.oidc_client_id,
                    "client_secret": self.settings.oidc_client_secret,
                },
                timeout=15,
            )
        except (httpx.NetworkError, httpx.TimeoutException, httpx.RemoteProtocolError) as exc:
            raise DependencyUnavailable("identity", f"token endpoint: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise DependencyUnavailable("identity", f"token endpoint answered {response.status_code}")
        response.raise_for_status()
        tokens = response.json()
        tokens["expires_at"] = time.time() + int(tokens.get("expires_in", 300)) - 15
        return tokens

    async def exchange(self, code: str, verifier: str) -> dict:
        return await self._token(
            {
                "grant_type": "authorization_code",
                "code": code,
                "code_verifier": verifier,
                "redirect_uri": self.redirect_uri,
            }
        )

    async def refresh(self, refresh_token: str) -> dict:
        return await self._token({"grant_type": "refresh_token", "refresh_token": refresh_token})

    async def verify_id_token(self, id_token: str, jwks) -> dict:
        """The ID token, checked like an access token but for this client (its `nonce` is
        compared by the caller)."""
        header = jwt.get_unverified_header(id_token)
        if header.get("alg") != "RS256":
            raise jwt.InvalidAlgorithmError("RS256 only")
        key = await jwks.key_for(header.get("kid", ""))
        if key is None:
            raise jwt.InvalidKeyError("unknown kid")
        return jwt.decode(
            id_token,
            key,
            algorithms=["RS256"],
            audience=self.settings.oidc_client_id,
            issuer=self.public,
            leeway=30,
        )

    def logout_url(self, id_token: str | None) -> str:
        query = {
            "client_id": self.settings.oidc_client_id,
            "post_logout_redirect_uri": f"{self.settings.public_url}/",
        }
        if id_token:
            query["id_token_hint"] = id_token
        return f"{self.public}/protocol/openid-connect/logout?{urlencode(query)}"


def oidc(request: Request) -> OidcClient:
    """The OIDC client for a request: the app's settings and its shared HTTP client (cheap)."""
    return OidcClient(request.app.state.settings, request.app.state.http)
