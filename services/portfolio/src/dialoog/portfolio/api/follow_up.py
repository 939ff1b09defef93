"""/v1/follow-up: HR's follow-up after the talks (seeds 001 and 004, ADR 0035): figures per org
unit, group figures hidden below the minimum group size, and the named follow-up lists."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from dialoog.kit.clock import today
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.pagination import Page, PageRequest, Paging, by, page_list, paging
from dialoog.portfolio.api.portfolios import ERRORS, UNITS_PER_PAGE
from dialoog.portfolio.api.schemas import FollowUpAgreement, UnitFollowUp, WithoutTalk
from dialoog.portfolio.service import follow_up as service

router = APIRouter(tags=["follow-up"])
Day = Annotated[
    date | None, Query(description="The reference day: the periods running on it (default: today).")
]
Unit = Annotated[UUID | None, Query(description="Only the people of this org unit.")]


@router.get(
    "/v1/follow-up",
    responses=ERRORS,
    summary="Follow-up figures per org unit for the periods running on a day (HR)",
    response_model=Page[UnitFollowUp],
)
async def units(
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Annotated[PageRequest, Depends(paging(maximum=UNITS_PER_PAGE))],
    on: Day = None,
):
    rows = await service.units(session, principal, on or today())
    return page_list(rows, page, by("org_unit_id"))


@router.get(
    "/v1/follow-up/without-talk",
    responses=ERRORS,
    summary="Employees without a talk in the period running on a day (HR)",
    response_model=Page[WithoutTalk],
)
async def without_talk(
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Paging,
    on: Day = None,
    org_unit_id: Unit = None,
):
    return await service.named_list(session, principal, "without_talk", on or today(), page, org_unit_id)


@router.get(
    "/v1/follow-up/overdue-agreements",
    responses=ERRORS,
    summary="Agreements past their date in periods not yet definitive (HR)",
    response_model=Page[FollowUpAgreement],  # type: ignore[valid-type]
)
async def overdue(
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Paging,
    on: Day = None,
    org_unit_id: Unit = None,
):
    return await service.named_list(
        session, principal, "overdue_agreements", on or today(), page, org_unit_id
    )


@router.get(
    "/v1/follow-up/development-needs",
    responses=ERRORS,
    summary="Development agreements of the running periods: training and development needs (HR)",
    response_model=Page[FollowUpAgreement],  # type: ignore[valid-type]
)
async def development(
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Paging,
    on: Day = None,
    org_unit_id: Unit = None,
):
    return await service.named_list(session, principal, "development_needs", on or today(), page, org_unit_id)
