"""/v1/portfolios: an employee's portfolio in the current period; agreements, talks, reactions,
the definitive moment. (/v1/audit for HR is kit's audit router, mounted in main.py.)"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from dialoog.kit.auth import require_roles
from dialoog.kit.clock import now, today
from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession, origin
from dialoog.kit.pagination import MAX_LIMIT, Page, PageRequest, Paging, by, page_list, paging
from dialoog.kit.problems import not_found
from dialoog.portfolio.api.schemas import (
    Agreement,
    CompletionTotals,
    LockedPeriod,
    PeriodListed,
    PortfolioOpen,
    PortfolioOverview,
    PortfolioView,
    Reaction,
    ReportToRead,
    Talk,
    TalkReports,
    TeamMember,
    UnitCompletion,
)
from dialoog.portfolio.persistence.projections import ProjectionRepository
from dialoog.portfolio.service import (
    agreements,
    locking,
    open_items,
    overview,
    personnel_file,
    reading,
    talks,
)
from dialoog.portfolio.service.salary_letters import SalarisLetters

router = APIRouter(tags=["portfolio"])
PROBLEM = {"description": "Problem (application/problem+json)"}
ERRORS = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 412: PROBLEM, 422: PROBLEM, 428: PROBLEM}
Text = Annotated[str, Field(min_length=1, max_length=4000)]


class AgreementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["result", "development"]
    title: Annotated[str, Field(min_length=1, max_length=300)]
    how_measured: Annotated[str | None, Field(max_length=2000)] = None
    due_on: date | None = None
    about: Literal["content", "behaviour"] = "content"
    goal: Annotated[str | None, Field(max_length=500)] = None
    legal_consequences: bool = False


class AgreementPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[str | None, Field(min_length=1, max_length=300)] = None
    how_measured: Annotated[str | None, Field(max_length=2000)] = None
    due_on: date | None = None
    about: Literal["content", "behaviour"] | None = None
    goal: Annotated[str | None, Field(max_length=500)] = None
    legal_consequences: bool | None = None


class TalkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    initiated_by: Literal["employee", "manager"]
    held_on: date | None = None
    fields: dict[str, Annotated[str, Field(max_length=8000)]] = {}
    topics: list[Annotated[str, Field(max_length=40)]] = []
    conclusion: Annotated[str | None, Field(max_length=8)] = None
    reward_advice: Annotated[str | None, Field(max_length=8)] = None


class ReactionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Text
    talk_id: UUID | None = None


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")


def _row(row) -> dict[str, Any]:
    return dict(row._mapping)


async def _me(session, principal) -> UUID:
    me = await ProjectionRepository(session).person_id_for(principal)
    if me is None:
        raise not_found("portfolio-not-found")
    return me


@router.get(
    "/v1/portfolios/me",
    responses=ERRORS,
    summary="The caller's own portfolio (current period)",
    response_model=PortfolioView,
)
async def my_portfolio(request: Request, principal: CurrentPrincipal, session: TenantSession):
    return await reading.view(session, principal, await _me(session, principal), today(), origin(request))


OverviewLimit = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description=f"At most this many items in each list (1..{MAX_LIMIT})."),
]


@router.get(
    "/v1/portfolios/me/overview",
    responses=ERRORS,
    summary="The caller's own portfolio page in one read: the current period's view with the first "
    "page of her assessments, decisions, periods and the competency catalogue (ADR 0038)",
    response_model=PortfolioOverview,
)
async def my_overview(
    request: Request, principal: CurrentPrincipal, session: TenantSession, limit: OverviewLimit = MAX_LIMIT
):
    me = await _me(session, principal)
    return await overview.overview(session, principal, me, today(), origin(request), limit)


OPEN_SUMMARY = (
    "What is open for the employee in the running period: agreements she has not confirmed, "
    "concluded talks without her reaction, talks held per type and the next talk the cycle expects "
    "(ADR 0038: the home's read, audited as a read of the portfolio)"
)


@router.get(
    "/v1/portfolios/me/open",
    responses=ERRORS,
    summary="The caller's own: " + OPEN_SUMMARY,
    response_model=PortfolioOpen,
)
async def my_open_items(request: Request, principal: CurrentPrincipal, session: TenantSession):
    me = await _me(session, principal)
    return await open_items.open_items(session, principal, me, today(), origin(request), own=True)


@router.get(
    "/v1/team",
    responses=ERRORS,
    summary="The caller's reports: last talk, open agreements, what is expected",
    response_model=Page[TeamMember],
)
async def my_team(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    return page_list(await reading.team(session, principal, today()), page, by("employee_id"))


@router.get(
    "/v1/talk-reports/to-read",
    responses=ERRORS,
    summary="The talk reports a director has still to read: per employee of the units under hers, the "
    "talks of the running period recorded since she last read that employee's reports (director)",
    response_model=Page[ReportToRead],
)
async def reports_to_read(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    require_roles(principal, ["director"])
    return page_list(await reading.reports_to_read(session, principal, today()), page, by("employee_id"))


@router.get(
    "/v1/portfolios/{employee_id}",
    responses=ERRORS,
    summary="An employee's portfolio (current period)",
    response_model=PortfolioView,
)
async def portfolio(employee_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession):
    return await reading.view(session, principal, employee_id, today(), origin(request))


@router.get(
    "/v1/portfolios/{employee_id}/open",
    responses=ERRORS,
    summary="An employee's: " + OPEN_SUMMARY,
    response_model=PortfolioOpen,
)
async def employee_open_items(
    employee_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession
):
    return await open_items.open_items(session, principal, employee_id, today(), origin(request))


@router.get(
    "/v1/portfolios/{employee_id}/overview",
    responses=ERRORS,
    summary="An employee's portfolio page in one read: the current period's view with the first page "
    "of the assessments, decisions, periods and the competency catalogue (ADR 0038)",
    response_model=PortfolioOverview,
)
async def employee_overview(
    employee_id: UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    limit: OverviewLimit = MAX_LIMIT,
):
    return await overview.overview(session, principal, employee_id, today(), origin(request), limit)


@router.get(
    "/v1/portfolios/{employee_id}/periods/{period_id}/overview",
    responses=ERRORS,
    summary="An employee's portfolio page in one of their periods, in one read (ADR 0038)",
    response_model=PortfolioOverview,
)
async def period_overview(
    employee_id: UUID,
    period_id: UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    limit: OverviewLimit = MAX_LIMIT,
):
    return await overview.overview(
        session, principal, employee_id, today(), origin(request), limit, period_id
    )


@router.get(
    "/v1/portfolios/{employee_id}/periods",
    responses=ERRORS,
    summary="The employee's periods, newest first, across years and managers",
    response_model=Page[PeriodListed],
)
async def periods(
    employee_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession, page: Paging
):
    return await reading.periods(session, principal, employee_id, page, origin(request))


@router.get(
    "/v1/portfolios/{employee_id}/periods/{period_id}",
    responses=ERRORS,
    summary="An employee's portfolio in one of their periods (an earlier one stays readable)",
    response_model=PortfolioView,
)
async def portfolio_in_period(
    employee_id: UUID, period_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession
):
    return await reading.view(session, principal, employee_id, today(), origin(request), period_id)


@router.get(
    "/v1/portfolios/{employee_id}/export",
    responses={
        **ERRORS,
        200: {
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            "description": "dossier.pdf and dossier.json, with the letters (salary decision letters fetched "
            "from salaris with the caller's token; one not fetched is marked so in the JSON)",
        },
    },
    summary="The whole personnel file as a ZIP of PDF and JSON (access request, AVG art. 15)",
    response_class=Response,
)
async def export(employee_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession):

    settings = request.app.state.settings
    salaris = SalarisLetters(  # salary letters are fetched with the caller's own token
        request.app.state.http,
        settings.salaris_url,
        request.headers.get("authorization", ""),
        principal.tenant,
        settings.salaris_timeout_seconds,
    )
    content = await personnel_file.export(session, principal, employee_id, now(), origin(request), salaris)
    return Response(
        content,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="dossier-{employee_id}.zip"'},
    )


@router.get(
    "/v1/portfolios/{employee_id}/talk-reports",
    responses=ERRORS,
    summary="Talk reports only (also for the department's director where the cycle says so)",
    response_model=TalkReports,
)
async def talk_reports(
    employee_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession
):
    return await reading.talk_reports(session, principal, employee_id, today(), origin(request))


@router.post(
    "/v1/portfolios/{employee_id}/agreements",
    status_code=201,
    responses=ERRORS,
    summary="Add a result or development agreement",
    response_model=Agreement,
)
async def add_agreement(
    employee_id: UUID,
    body: AgreementIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await agreements.add_agreement(
        session, principal, employee_id, body.model_dump(), today(), origin(request)
    )
    set_etag(response, row.version)
    return _row(row)


@router.patch(
    "/v1/agreements/{agreement_id}",
    responses=ERRORS,
    summary="Change an agreement (If-Match)",
    response_model=Agreement,
)
async def change_agreement(
    expected: ExpectedVersion,
    agreement_id: UUID,
    body: AgreementPatch,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await agreements.change_agreement(
        session,
        principal,
        agreement_id,
        expected,
        body.model_dump(exclude_unset=True),
        origin(request),
    )
    set_etag(response, row.version)
    return _row(row)


@router.post(
    "/v1/agreements/{agreement_id}/confirm",
    responses=ERRORS,
    summary="Confirm an agreement as employee or manager (If-Match)",
    response_model=Agreement,
)
async def confirm_agreement(
    expected: ExpectedVersion,
    agreement_id: UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await agreements.confirm_agreement(session, principal, agreement_id, expected, origin(request))
    set_etag(response, row.version)
    return _row(row)


@router.post(
    "/v1/portfolios/{employee_id}/talks",
    status_code=201,
    responses=ERRORS,
    summary="Record a talk of the tenant's cycle (and, by the manager, a conclusion)",
    response_model=Talk,
)
async def record_talk(
    employee_id: UUID, body: TalkIn, request: Request, principal: CurrentPrincipal, session: TenantSession
):
    return _row(
        await talks.record_talk(session, principal, employee_id, body.model_dump(), today(), origin(request))
    )


@router.post(
    "/v1/portfolios/{employee_id}/reactions",
    status_code=201,
    responses=ERRORS,
    summary="The employee's reaction (append-only, also after the definitive moment)",
    response_model=Reaction,
)
async def add_reaction(
    employee_id: UUID, body: ReactionIn, request: Request, principal: CurrentPrincipal, session: TenantSession
):
    return _row(
        await talks.add_reaction(
            session, principal, employee_id, body.text, body.talk_id, today(), origin(request)
        )
    )


@router.post(
    "/v1/periods/{period_id}/lock",
    responses=ERRORS,
    summary="The definitive moment: lock the period with a hashed snapshot (If-Match)",
    response_model=LockedPeriod,
)
async def lock(
    expected: ExpectedVersion,
    period_id: UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await locking.lock_period(session, principal, period_id, expected, origin(request))
    set_etag(response, row.version)
    return {
        "id": row.id,
        "status": row.status,
        "snapshot_hash": row.snapshot_hash,
        "locked_at": row.locked_at,
        "version": row.version,
    }


# One row per org unit: a page may hold a whole tenant's units, as organisatie's /v1/org-units
# (the figures are computed for every unit on each call; a page of 200 recomputed them per page).
UNITS_PER_PAGE = 1000


@router.get(
    "/v1/dashboard",
    responses=ERRORS,
    summary="Completion per org unit for the running periods (HR)",
    response_model=Page[UnitCompletion],
)
async def dashboard(
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Annotated[PageRequest, Depends(paging(maximum=UNITS_PER_PAGE))],
):
    require_roles(principal, ["hr_advisor"])
    from dialoog.portfolio.persistence.portfolio import DashboardRepository

    rows = await DashboardRepository(session).completion(today())
    return page_list([dict(r._mapping) for r in rows], page, by("org_unit_id"))


@router.get(
    "/v1/dashboard/totals",
    responses=ERRORS,
    summary="Completion over the whole tenant for the running periods (HR)",
    description="The sums of `/v1/dashboard` over every org unit, in one row (HR's home).",
    response_model=CompletionTotals,
)
async def dashboard_totals(principal: CurrentPrincipal, session: TenantSession):
    require_roles(principal, ["hr_advisor"])
    from dialoog.portfolio.persistence.portfolio import DashboardRepository

    return dict((await DashboardRepository(session).totals(today()))._mapping)
