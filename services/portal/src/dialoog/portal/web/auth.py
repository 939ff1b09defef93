"""Login (authorization code + PKCE), logout, language and tenant choice."""

from __future__ import annotations

import secrets
from urllib.parse import urlparse

import httpx
import jwt
from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse

from dialoog.kit.auth import KNOWN_ROLES, TENANT_HEADER, organizations_from_claims
from dialoog.kit.errors import Problem
from dialoog.kit.unavailable import DependencyUnavailable
from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.i18n import LANGUAGES
from dialoog.portal.web.oidc import oidc, pkce_pair
from dialoog.portal.web.render import language, render
from dialoog.portal.web.services import LoginRequired, ServiceError, organisatie

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after login."""
    if not target or not target.startswith("/") or target.startswith("//") or urlparse(target).netloc:
        return "/"
    return target


@router.get("/auth/login")
async def login(request: Request, next: str = "/"):
    session = request.state.session
    verifier, challenge = pkce_pair()
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    session.set("login", {"state": state, "nonce": nonce, "verifier": verifier, "next": safe_next(next)})
    return RedirectResponse(oidc(request).authorize_url(state, nonce, challenge, language(request)), 303)


@router.get("/auth/callback")
async def callback(request: Request, code: str = "", state: str = "", error: str = ""):
    session = request.state.session
    pending = session.pop("login") or {}
    if error or not code or not pending or not secrets.compare_digest(state, pending.get("state", "")):
        return render(request, "error.html", {"status": 400, "message": "login"}, status=400)
    client = oidc(request)
    try:
        tokens = await client.exchange(code, pending["verifier"])
        claims = await request.app.state.token_verifier.verify(tokens["access_token"])
        id_claims = await client.verify_id_token(tokens.get("id_token", ""), request.app.state.jwks)
    except (httpx.HTTPError, Problem, jwt.PyJWTError):
        return render(request, "error.html", {"status": 400, "message": "login"}, status=400)
    if not secrets.compare_digest(str(id_claims.get("nonce", "")), pending.get("nonce", "")):
        return render(request, "error.html", {"status": 400, "message": "login"}, status=400)
    tenants = list(organizations_from_claims(claims))
    roles = sorted(r for r in (claims.get("realm_access") or {}).get("roles", []) if r in KNOWN_ROLES)
    session.rotate()
    session.set("tokens", tokens)
    session.set(
        "user",
        {
            "sub": claims["sub"],
            "username": claims.get("preferred_username"),
            "name": claims.get("name") or claims.get("preferred_username"),
            "email": claims.get("email"),
            "roles": roles,
            "tenants": tenants,
            "tenant_names": {},
        },
    )
    session.set("tenant", tenants[0] if tenants else None)
    names = {}
    for tenant in tenants:  # the organisations' names, for the header and the switcher
        try:
            response = await organisatie(request).call("GET", "/v1/tenant", headers={TENANT_HEADER: tenant})
            names[tenant] = response.json()["name"]
        except (ServiceError, LoginRequired, KeyError, DependencyUnavailable):
            names[tenant] = tenant  # organisatie down: the alias will do, the login holds
    session.set("user", {**session.get("user"), "tenant_names": names})
    return RedirectResponse(pending.get("next", "/"), 303)


@router.post("/auth/logout", dependencies=[Depends(check_csrf)])
async def logout(request: Request):
    session = request.state.session
    id_token = (session.get("tokens") or {}).get("id_token")
    session.clear()
    return RedirectResponse(oidc(request).logout_url(id_token), 303)


@router.get("/taal/{lang}")
async def choose_language(request: Request, lang: str, terug: str = "/"):
    if lang in LANGUAGES:
        request.state.session.set("lang", lang)
    return RedirectResponse(safe_next(terug), 303)


@router.post("/organisatie", dependencies=[Depends(check_csrf)])
async def choose_tenant(request: Request, tenant: str = Form(...), terug: str = Form("/")):
    session = request.state.session
    user = session.get("user") or {}
    if tenant in user.get("tenants", []):
        session.set("tenant", tenant)
    return RedirectResponse(safe_next(terug), 303)
