"""/v1/org-units: the tree of a tenant's departments and teams."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from dialoog.kit.auth import require_roles
from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.pagination import Page, PageRequest, page_of, paging
from dialoog.organisatie.api.common import ERRORS
from dialoog.organisatie.domain.org_unit import MAX_NAME_LENGTH, OrgUnit
from dialoog.organisatie.persistence.org_units import OrgUnitRepository
from dialoog.organisatie.service import org_units as service

router = APIRouter(prefix="/v1/org-units", tags=["org units"])

Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH, pattern=r"\S")]


class OrgUnitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    parent_id: UUID | None = None


class OrgUnitPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name


class OrgUnitOut(BaseModel):
    id: UUID
    name: str
    parent_id: UUID | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, unit: OrgUnit) -> OrgUnitOut:
        return cls(
            id=unit.id,
            name=unit.name,
            parent_id=unit.parent_id,
            version=unit.version,
            created_at=unit.created_at,
            updated_at=unit.updated_at,
        )


# A page may hold a whole tenant's units (a few hundred; 2,300 at the largest tenant take three):
# HR's pages name every unit, and bench/portal.py measured each page of 200 as a call of its own.
UNITS_PER_PAGE = 1000


@router.get("", response_model=Page[OrgUnitOut], responses=ERRORS, summary="List org units")
async def list_units(
    session: TenantSession, page: Annotated[PageRequest, Depends(paging(maximum=UNITS_PER_PAGE))]
):
    units = await OrgUnitRepository(session).page(page)
    return page_of(units, page, lambda u: (u.name, u.id), OrgUnitOut.of)


@router.get("/{unit_id}", response_model=OrgUnitOut, responses=ERRORS, summary="Read an org unit")
async def get_unit(unit_id: UUID, session: TenantSession, response: Response) -> OrgUnitOut:
    unit = await OrgUnitRepository(session).get(unit_id)
    if unit is None:
        raise service.unit_not_found()
    set_etag(response, unit.version)
    return OrgUnitOut.of(unit)


@router.post("", response_model=OrgUnitOut, status_code=201, responses=ERRORS, summary="Create an org unit")
async def create_unit(
    body: OrgUnitIn, principal: CurrentPrincipal, session: TenantSession, response: Response
) -> OrgUnitOut:
    require_roles(principal, ["tenant_admin"])
    unit = await service.create_unit(session, principal.tenant, body.name, body.parent_id)
    set_etag(response, unit.version)
    response.headers["Location"] = f"/v1/org-units/{unit.id}"
    return OrgUnitOut.of(unit)


@router.patch(
    "/{unit_id}",
    response_model=OrgUnitOut,
    responses=ERRORS,
    summary="Rename an org unit (If-Match required)",
)
async def rename_unit(
    expected: ExpectedVersion,
    unit_id: UUID,
    body: OrgUnitPatch,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
) -> OrgUnitOut:
    require_roles(principal, ["tenant_admin"])
    unit = await service.rename_unit(session, unit_id, expected, body.name)
    set_etag(response, unit.version)
    return OrgUnitOut.of(unit)
