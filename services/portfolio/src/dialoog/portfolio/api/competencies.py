"""/v1/competencies: the tenant's competency catalogue; competencies chosen into a portfolio."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from dialoog.kit.clock import today
from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession, origin
from dialoog.kit.pagination import Page, Paging, by, page_list
from dialoog.portfolio.api.portfolios import ERRORS
from dialoog.portfolio.api.schemas import ChosenCompetency, Competency
from dialoog.portfolio.service import competencies as service

router = APIRouter(tags=["competencies"])
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,39}$", description="Stable key, e.g. `samenwerken`")]
Name = Annotated[str, Field(min_length=1, max_length=120)]
Description = Annotated[str | None, Field(max_length=1000)]


class CompetencyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Key
    name: Name
    description: Description = None


class CompetencyPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name | None = None
    description: Description = None
    active: bool | None = None


class ChosenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    competency: Annotated[str, Field(min_length=1, max_length=40, description="Key from the catalogue")]
    note: Annotated[str | None, Field(max_length=2000)] = None


def _out(row, response: Response) -> dict:
    set_etag(response, row.version)
    return dict(row._mapping)


@router.get(
    "/v1/competencies",
    responses=ERRORS,
    summary="The tenant's competency catalogue",
    response_model=Page[Competency],
)
async def catalogue(
    principal: CurrentPrincipal, session: TenantSession, page: Paging, include_inactive: bool = False
):
    rows = await service.catalogue(session, principal, include_inactive)
    return page_list([dict(r._mapping) for r in rows], page, by("name", "id"))


@router.post(
    "/v1/competencies",
    status_code=201,
    responses=ERRORS,
    summary="Add a competency (tenant admin)",
    response_model=Competency,
)
async def add(
    body: CompetencyIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await service.add(session, principal, body.key, body.name, body.description, origin(request))
    return _out(row, response)


@router.patch(
    "/v1/competencies/{competency_id}",
    responses=ERRORS,
    summary="Rename, describe, or (de)activate a competency (tenant admin; If-Match)",
    response_model=Competency,
)
async def change(
    expected: ExpectedVersion,
    competency_id: UUID,
    body: CompetencyPatch,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    # name and active cannot be emptied; a description can (null)
    values = {
        k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None or k == "description"
    }
    row = await service.change(session, principal, competency_id, expected, values, origin(request))
    return _out(row, response)


@router.post(
    "/v1/portfolios/{employee_id}/competencies",
    status_code=201,
    responses=ERRORS,
    summary="Choose a competency from the catalogue into the running period, with a note",
    response_model=ChosenCompetency,
)
async def choose(
    employee_id: UUID, body: ChosenIn, request: Request, principal: CurrentPrincipal, session: TenantSession
):
    return await service.choose(
        session, principal, employee_id, body.competency, body.note, today(), origin(request)
    )
