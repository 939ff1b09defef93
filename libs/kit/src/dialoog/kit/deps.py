"""FastAPI dependencies shared by every service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal, authenticate, require_roles
from dialoog.kit.db import platform_transaction, tenant_transaction
from dialoog.kit.errors import Text
from dialoog.kit.problems import problem

CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def _tenant_of(principal: Principal) -> str:
    if principal.tenant is None:
        raise problem(
            "no-tenant",
            Text("Uw account hoort bij geen enkele organisatie.", "Your account belongs to no organization."),
        )
    return principal.tenant


async def tenant_session(request: Request, principal: CurrentPrincipal) -> AsyncIterator[AsyncSession]:
    """One transaction per request with the caller's tenant set; committed when the route
    returns without error (before the response is sent), rolled back otherwise."""
    async with tenant_transaction(request.app.state.sessions, _tenant_of(principal)) as session:
        yield session


TenantSession = Annotated[AsyncSession, Depends(tenant_session, scope="function")]


async def platform_session(request: Request, principal: CurrentPrincipal) -> AsyncIterator[AsyncSession]:
    require_roles(principal, ["platform_admin"])
    async with platform_transaction(request.app.state.sessions) as session:
        yield session


PlatformSession = Annotated[AsyncSession, Depends(platform_session, scope="function")]


def origin(request: Request) -> str | None:
    """Where a request came from, for the audit trail: the proxy's X-Forwarded-For, else the peer."""
    return request.headers.get("x-forwarded-for") or (request.client.host if request.client else None)
