"""The portal calls the services as the user: their access token, and the chosen tenant."""

from __future__ import annotations

import time

import httpx
from fastapi import Request

from dialoog.kit.auth import TENANT_HEADER
from dialoog.kit.unavailable import DEPENDENCIES, DependencyUnavailable
from dialoog.portal.web.oidc import oidc
from dialoog.portal.web.service_http import Unreachable


class LoginRequired(Exception):
    pass


class ServiceError(Exception):
    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.status = response.status_code
        try:
            self.problem = response.json()
        except ValueError:
            self.problem = {"title": response.text[:200]}
        super().__init__(f"{self.status} {self.problem.get('code')}")

    @classmethod
    def not_found(cls) -> ServiceError:
        return cls(httpx.Response(404, json={"code": "not-found", "title": "Niet gevonden"}))

    @classmethod
    def forbidden(cls) -> ServiceError:
        return cls(httpx.Response(403, json={"code": "forbidden", "title": "Geen toegang"}))


def _dependency_named(response: httpx.Response) -> str:
    try:
        named = response.json().get("dependency")
    except (ValueError, AttributeError):
        named = None
    return named if named in DEPENDENCIES else "service"


async def access_token(request: Request) -> str:
    session = request.state.session
    tokens = session.get("tokens")
    if not tokens:
        raise LoginRequired
    if tokens["expires_at"] < time.time():
        try:
            tokens = await oidc(request).refresh(tokens["refresh_token"])  # Keycloak down: 503 page
        except httpx.HTTPError:
            session.pop("tokens")
            raise LoginRequired from None
        session.set("tokens", tokens)
    return tokens["access_token"]


# Far more than any list the portal shows whole; a bound so that a broken cursor cannot loop.
MAX_PAGES = 100
# The page of the lists with a row per org unit (organisatie's units, portfolio's dashboard and
# follow-up figures): a whole tenant's units in one call (ADR 0038).
UNITS_PAGE = 1000


class ServiceClient:
    def __init__(self, request: Request, base_url: str) -> None:
        self.request = request
        self.base_url = base_url

    async def call(
        self,
        method: str,
        path: str,
        *,
        expect: tuple[int, ...] = (200, 201, 202),
        time_limit: float = 30,  # seconds; the badge asks for less
        **kwargs,
    ) -> httpx.Response:
        token = await access_token(self.request)
        session = self.request.state.session
        headers = {
            "Authorization": f"Bearer {token}",
            "Accept-Language": session.get("lang", "nl"),
            **kwargs.pop("headers", {}),
        }
        if session.get("tenant") and TENANT_HEADER not in headers:
            headers[TENANT_HEADER] = session.get("tenant")
        try:  # a service that does not answer is an outage, shown as the 503 page
            response = await self.request.app.state.services.request(
                method, self.base_url + path, headers=headers, time_limit=time_limit, **kwargs
            )
        except Unreachable as exc:
            raise DependencyUnavailable("service", f"{self.base_url}: {exc}") from exc
        if response.status_code == 503:  # the service, or what it depends on, is down
            raise DependencyUnavailable(_dependency_named(response), f"{self.base_url} answered 503")
        if response.status_code == 401:
            session.pop("tokens")
            raise LoginRequired
        if response.status_code not in expect:
            raise ServiceError(response)
        return response

    async def items(self, path: str, params: dict | None = None) -> list:
        """The first page of a list (the services answer every list as {items, next_cursor})."""
        return (await self.call("GET", path, params=params)).json()["items"]

    async def every(self, path: str, params: dict | None = None, *, limit: int = 200) -> list:
        """Every item of a list, following next_cursor page after page (a select of all the
        tenant's org units, a manager's reports)."""
        query = {**(params or {}), "limit": limit}
        found: list = []
        for _ in range(MAX_PAGES):
            page = (await self.call("GET", path, params=query)).json()
            found.extend(page["items"])
            if not page["next_cursor"]:
                break
            query["cursor"] = page["next_cursor"]
        return found


def organisatie(request: Request) -> ServiceClient:
    return ServiceClient(request, request.app.state.settings.organisatie_url)


def portfolio(request: Request) -> ServiceClient:
    return ServiceClient(request, request.app.state.settings.portfolio_url)


def salaris(request: Request) -> ServiceClient:
    return ServiceClient(request, request.app.state.settings.salaris_url)


def feedback(request: Request) -> ServiceClient:
    return ServiceClient(request, request.app.state.settings.feedback_url)


def notificaties(request: Request) -> ServiceClient:
    return ServiceClient(request, request.app.state.settings.notificaties_url)


async def public_call(
    request: Request, path: str, body: dict, *, service: str = "feedback"
) -> httpx.Response:
    """An outsider's call to a service's public endpoints (feedback's answer link, notificaties'
    unsubscribe link): no token; the signed link travels in the body (never in a path or query,
    so never in an access log). Any answer is returned; the caller shows a problem (an invalid,
    expired or spent link) as its own page."""
    session = request.state.session
    url = getattr(request.app.state.settings, f"{service}_url") + path
    try:
        response = await request.app.state.services.request(
            "POST", url, json=body, headers={"Accept-Language": session.get("lang", "nl")}, time_limit=30
        )
    except Unreachable as exc:
        raise DependencyUnavailable("service", f"{url}: {exc}") from exc
    if response.status_code == 503:
        raise DependencyUnavailable(_dependency_named(response), f"{url} answered 503")
    return response
