"""/v1/tenants (platform administration) and /v1/tenant (the caller's own)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from dialoog.kit.clock import today
from dialoog.kit.deps import CurrentPrincipal, PlatformSession, TenantSession
from dialoog.kit.pagination import Page, Paging, page_of
from dialoog.kit.problems import not_found
from dialoog.organisatie.api.common import ERRORS
from dialoog.organisatie.domain.tenant import Tenant
from dialoog.organisatie.persistence.tenants import TenantRepository
from dialoog.organisatie.service import tenants as service

router = APIRouter(tags=["tenants"])


class TenantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Annotated[str, Field(min_length=2, max_length=63, examples=["heemstede"])]
    name: Annotated[str, Field(min_length=1, max_length=200, examples=["Gemeente Heemstede"])]
    preset: Literal["continuous", "three_talks", "four_levels"]
    domain: Annotated[str | None, Field(max_length=200)] = None


class TenantOut(BaseModel):
    key: str  # the tenant's key, as in tokens and event subjects
    name: str
    domain: str | None
    status: str
    keycloak_org_id: str | None
    version: int
    created_at: datetime

    @classmethod
    def of(cls, t: Tenant) -> TenantOut:
        return cls(key=t.tenant_id, **{f: getattr(t, f) for f in cls.model_fields if f != "key"})


@router.post(
    "/v1/tenants",
    status_code=201,
    response_model=TenantOut,
    responses=ERRORS,
    summary="Create a tenant with a cycle preset (platform_admin)",
)
async def create_tenant(
    body: TenantIn, principal: CurrentPrincipal, session: PlatformSession, response: Response
):
    tenant = await service.create_tenant(
        session, body.key, body.name, body.preset, body.domain, principal.username, today()
    )
    response.headers["Location"] = f"/v1/tenants/{tenant.tenant_id}"
    return TenantOut.of(tenant)


@router.get(
    "/v1/tenants", response_model=Page[TenantOut], responses=ERRORS, summary="All tenants (platform_admin)"
)
async def list_tenants(session: PlatformSession, page: Paging):
    found = await TenantRepository(session).page(page)
    return page_of(found, page, lambda t: (t.tenant_id,), TenantOut.of)


@router.get("/v1/tenant", response_model=TenantOut, responses=ERRORS, summary="The caller's tenant")
async def my_tenant(principal: CurrentPrincipal, session: TenantSession):
    tenant = await TenantRepository(session).get(principal.tenant)
    if tenant is None:
        raise not_found("tenant-not-found")
    return TenantOut.of(tenant)
