"""/v1/tenants (platform administration) and /v1/tenant (the caller's own)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from dialoog.kit.auth import require_roles
from dialoog.kit.clock import today
from dialoog.kit.colours import HEX_COLOUR_PATTERN
from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, PlatformSession, TenantSession
from dialoog.kit.pagination import Page, Paging, page_of
from dialoog.kit.problems import not_found
from dialoog.organisatie.api.common import ERRORS
from dialoog.organisatie.domain.tenant import MAIL_NAME_MAX, Branding, Tenant
from dialoog.organisatie.persistence.tenants import TenantRepository
from dialoog.organisatie.service import tenants as service

router = APIRouter(tags=["tenants"])
# A name that goes into a mail's From and Subject headers: no control characters.
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"


class TenantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Annotated[str, Field(min_length=2, max_length=63, examples=["heemstede"])]
    name: Annotated[str, Field(min_length=1, max_length=200, examples=["Gemeente Heemstede"])]
    preset: Literal["continuous", "three_talks", "four_levels"]
    domain: Annotated[str | None, Field(max_length=200)] = None


Colour = Annotated[
    str,
    Field(
        pattern=HEX_COLOUR_PATTERN,
        description="A colour as `#rrggbb` (stored in lower case)",
        examples=["#154273"],
    ),
]


class BrandingIn(BaseModel):
    """The whole branding: a field left out or null goes back to the default."""

    model_config = ConfigDict(extra="forbid")
    primary_color: Colour | None = Field(None, description="The header bar of the tenant's mails")
    accent_color: Colour | None = Field(
        None, description="Links in the tenant's mails (when it reaches 4.5:1 on white; else the primary)"
    )
    mail_name: Annotated[
        str | None, Field(max_length=MAIL_NAME_MAX, pattern=NO_CONTROL_CHARACTERS, examples=["Heemstede"])
    ] = Field(None, description="The name mails carry (subject, sender, header); null: the tenant's name")


class BrandingOut(BaseModel):
    primary_color: str | None
    accent_color: str | None
    mail_name: str | None

    @classmethod
    def of(cls, b: Branding) -> BrandingOut:
        return cls(primary_color=b.primary_color, accent_color=b.accent_color, mail_name=b.mail_name)


class TenantOut(BaseModel):
    key: str  # the tenant's key, as in tokens and event subjects
    name: str
    domain: str | None
    status: str
    keycloak_org_id: str | None
    version: int
    created_at: datetime
    branding: BrandingOut

    @classmethod
    def of(cls, t: Tenant) -> TenantOut:
        fields = {f: getattr(t, f) for f in cls.model_fields if f not in ("key", "branding")}
        return cls(key=t.tenant_id, branding=BrandingOut.of(t.branding), **fields)


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


@router.get(
    "/v1/tenant",
    response_model=TenantOut,
    responses=ERRORS,
    summary="The caller's tenant, with its branding (ETag: its version)",
)
async def my_tenant(principal: CurrentPrincipal, session: TenantSession, response: Response):
    tenant = await TenantRepository(session).get(principal.tenant)
    if tenant is None:
        raise not_found("tenant-not-found")
    set_etag(response, tenant.version)
    return TenantOut.of(tenant)


@router.put(
    "/v1/tenant/branding",
    response_model=TenantOut,
    responses=ERRORS,
    summary="Set the tenant's colours and mail name (tenant_admin; If-Match: the tenant's version)",
)
async def set_branding(
    expected: ExpectedVersion,
    body: BrandingIn,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    require_roles(principal, ["tenant_admin"])
    branding = Branding.of(body.primary_color, body.accent_color, body.mail_name)
    tenant = await service.set_branding(session, principal.tenant, expected, branding)
    set_etag(response, tenant.version)
    return TenantOut.of(tenant)
