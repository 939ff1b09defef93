"""Password-grant tokens of the dev realm's `dialoog-dev` client (development and tests only)."""

from __future__ import annotations

import httpx

from dialoog.devstack.config import DEMO_PASSWORD, DEV_CLIENT, StackConfig


def password_token(
    cfg: StackConfig, username: str, scope: str | None = None, password: str = DEMO_PASSWORD
) -> str:
    data = {"grant_type": "password", "client_id": DEV_CLIENT, "username": username, "password": password}
    if scope:
        data["scope"] = scope
    response = httpx.post(f"{cfg.issuer}/protocol/openid-connect/token", data=data, timeout=30)
    response.raise_for_status()
    return response.json()["access_token"]
