"""/v1/cycle: the tenant's cycle definition, its versions and their differences."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from dialoog.contracts.cycle.schema import CycleDefinition
from dialoog.contracts.cycle.versions import Version
from dialoog.kit.auth import require_roles
from dialoog.kit.clock import today
from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.fields import Number
from dialoog.kit.pagination import Page, Paging, page_of
from dialoog.kit.problems import invalid_field, not_found
from dialoog.organisatie.api.common import ERRORS
from dialoog.organisatie.persistence.tenants import CycleRepository
from dialoog.organisatie.service import tenants as service

router = APIRouter(prefix="/v1/cycle", tags=["cycle"])


class VersionOut(BaseModel):
    number: int
    effective_from: date
    definition: CycleDefinition

    @classmethod
    def of(cls, v: Version) -> VersionOut:
        return cls(number=v.number, effective_from=v.effective_from, definition=v.definition)


class VersionSummary(BaseModel):
    number: int
    effective_from: date
    preset: str
    created_by: str
    created_at: datetime


class VersionIn(BaseModel):
    """Either a whole definition, or a preset to start from."""

    model_config = ConfigDict(extra="forbid")
    effective_from: date
    definition: CycleDefinition | None = None
    preset: Literal["continuous", "three_talks", "four_levels"] | None = None


class ChangeOut(BaseModel):
    path: str
    old: Any
    new: Any


@router.get(
    "", response_model=VersionOut, responses=ERRORS, summary="The definition in force (today, or ?on=)"
)
async def current(session: TenantSession, response: Response, on: date | None = None):
    version = await service.cycle_on(session, on or today())
    latest = await CycleRepository(session).latest_number()
    set_etag(response, latest)
    return VersionOut.of(version)


@router.get("/versions", response_model=Page[VersionSummary], responses=ERRORS, summary="Every version")
async def versions(session: TenantSession, response: Response, page: Paging):
    repo = CycleRepository(session)
    rows = await repo.summaries(page)
    set_etag(response, await repo.latest_number())
    return page_of(rows, page, lambda r: (r.number,), lambda r: VersionSummary(**r._mapping))


@router.get("/versions/{number}", response_model=VersionOut, responses=ERRORS, summary="One version")
async def version(number: Number, session: TenantSession):
    found = await CycleRepository(session).get(number)
    if found is None:
        raise not_found("cycle-version-not-found")
    return VersionOut.of(found)


@router.post(
    "/versions",
    status_code=201,
    response_model=VersionOut,
    responses=ERRORS,
    summary="Add a version effective from a date (tenant_admin; If-Match: the latest version number)",
)
async def add_version(
    expected: ExpectedVersion,
    body: VersionIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    require_roles(principal, ["tenant_admin"])

    if (body.definition is None) == (body.preset is None):
        raise invalid_field(
            "body",
            "geef een definitie of een voorinstelling (preset), niet allebei",
            "give either a definition or a preset, not both",
            "cycle-source",
        )
    definition = body.definition or service.preset_or_invalid(body.preset)
    created = await service.add_cycle_version(
        session, principal.tenant, expected, definition, body.effective_from, principal.username, today()
    )
    set_etag(response, created.number)
    response.headers["Location"] = f"/v1/cycle/versions/{created.number}"
    return VersionOut.of(created)


@router.get(
    "/diff", response_model=list[ChangeOut], responses=ERRORS, summary="What changed between two versions"
)
async def version_diff(
    session: TenantSession,
    from_: Annotated[Number, Query(alias="from")],
    to: Annotated[Number, Query()],
):
    return [
        ChangeOut(path=c.path, old=c.old, new=c.new) for c in await service.version_diff(session, from_, to)
    ]
