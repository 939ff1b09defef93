"""/v1/salary: scales and steps, the tenant's letter settings, the year-end rounds, decisions,
letters and objections."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from dialoog.kit.clock import today
from dialoog.kit.concurrency import ExpectedVersion, ExpectedVersionOrNew, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession, origin
from dialoog.kit.fields import Year
from dialoog.kit.pagination import Page, PageRequest, Paging, by, page_list, paging
from dialoog.salaris.api.schemas import (
    Decision,
    EmployeeSalary,
    ImportReport,
    Objection,
    Progress,
    Round,
    RoundSummary,
    Scale,
    Settings,
)
from dialoog.salaris.service import letters as letter_service
from dialoog.salaris.service import objections as objection_service
from dialoog.salaris.service import rounds as service
from dialoog.salaris.service import salary as salary_service

router = APIRouter(tags=["salary"])
PROBLEM = {"description": "Problem (application/problem+json)"}
ERRORS = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 412: PROBLEM, 422: PROBLEM, 428: PROBLEM}
CSV = {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
Motivation = Annotated[str, Field(max_length=4000)]
LongText = Annotated[str, Field(min_length=1, max_length=8000)]


async def _csv(request: Request) -> str:
    try:
        return (await request.body()).decode("utf-8-sig")
    except UnicodeDecodeError:
        from dialoog.kit.problems import invalid

        raise invalid([("body", "het bestand is geen UTF-8-tekst", "the file is not UTF-8 text")]) from None


# --- salary data ------------------------------------------------------------------------------
class ScaleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    valid_from: date
    amounts: Annotated[
        list[Annotated[int, Field(gt=0, lt=10_000_000)]], Field(min_length=2, max_length=60)
    ] = Field(description="monthly gross amount in cents per step, step 0 first")


@router.get(
    "/v1/salary/scales",
    responses=ERRORS,
    summary="The tenant's salary scales (HR)",
    response_model=Page[Scale],
)
async def list_scales(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    return page_list(await salary_service.scales(session, principal), page, by("name", "valid_from"))


@router.put(
    "/v1/salary/scales/{name}",
    responses=ERRORS,
    summary="Store a scale from a date (HR; If-None-Match: * for a new one, else If-Match)",
    response_model=Scale,
    response_model_exclude_unset=True,
)
async def put_scale(
    expected: ExpectedVersionOrNew,
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9.\-]{1,20}$")],
    body: ScaleIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    stored = await salary_service.put_scale(
        session,
        principal,
        name,
        body.valid_from,
        body.amounts,
        expected,
        origin(request),
    )
    set_etag(response, stored["version"])
    return stored


@router.post(
    "/v1/salary/scales/import",
    responses=ERRORS,
    openapi_extra={"requestBody": CSV},
    summary="Import scales: CSV scale;valid_from;step;amount (euros per month) (HR)",
    response_model=ImportReport,
)
async def import_scales(request: Request, principal: CurrentPrincipal, session: TenantSession):
    return await salary_service.import_scales(session, principal, await _csv(request), origin(request))


@router.post(
    "/v1/salary/steps/import",
    responses=ERRORS,
    openapi_extra={"requestBody": CSV},
    summary="Import each employee's step: CSV employee_number;scale;step;valid_from (HR)",
    response_model=ImportReport,
)
async def import_steps(request: Request, principal: CurrentPrincipal, session: TenantSession):
    return await salary_service.import_steps(session, principal, await _csv(request), origin(request))


@router.get(
    "/v1/salary/people/{employee_id}",
    responses=ERRORS,
    summary="An employee's scale and step with history",
    response_model=EmployeeSalary,
)
async def salary_of(employee_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession):
    return await salary_service.salary_of(session, principal, employee_id, origin(request))


class SettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    probation_eligible: bool | None = None
    organisation_name: Annotated[str | None, Field(min_length=2, max_length=200)] = None
    signatory_name: Annotated[str | None, Field(min_length=2, max_length=200)] = None
    signatory_title: Annotated[str | None, Field(min_length=2, max_length=200)] = None
    objection_address: Annotated[str | None, Field(min_length=5, max_length=500)] = None
    intro: Annotated[str | None, Field(min_length=10, max_length=2000)] = None
    closing: Annotated[str | None, Field(min_length=2, max_length=500)] = None


@router.get(
    "/v1/salary/settings",
    responses=ERRORS,
    summary="Rules and letter texts (HR, tenant admin)",
    response_model=Settings,
)
async def get_settings(principal: CurrentPrincipal, session: TenantSession, response: Response):
    out = await salary_service.get_settings(session, principal)
    set_etag(response, out["version"])
    return out


@router.get(
    "/v1/salary/settings/preview",
    responses={
        **ERRORS,
        200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
    },
    response_class=Response,
    summary="A sample decision letter with the current texts (HR, tenant admin)",
)
async def preview_letter(principal: CurrentPrincipal, session: TenantSession):
    pdf = await letter_service.preview(session, principal, today())
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="voorbeeldbrief.pdf"'},
    )


@router.patch(
    "/v1/salary/settings",
    responses=ERRORS,
    summary="Change rules and letter texts (If-Match)",
    response_model=Settings,
)
async def patch_settings(
    expected: ExpectedVersion,
    body: SettingsIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    values = body.model_dump(exclude_none=True)
    out = await salary_service.update_settings(session, principal, expected, values, origin(request))
    set_etag(response, out["version"])
    return out


# --- rounds -----------------------------------------------------------------------------------
class RoundIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: Annotated[int, Field(ge=2000, le=2100)]
    guidelines: LongText
    deadline: date
    reminder_days: Annotated[list[Annotated[int, Field(ge=1, le=60)]], Field(max_length=5)] = [14, 3]


@router.get(
    "/v1/salary/rounds",
    responses=ERRORS,
    summary="The tenant's rounds",
    response_model=Page[Round],
    response_model_exclude_unset=True,
)
async def list_rounds(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    found = await service.rounds_list(session, principal)
    return page_list(found, page, by("year"), descending=True)


@router.post(
    "/v1/salary/rounds",
    status_code=201,
    responses=ERRORS,
    summary="Open the year's round (HR)",
    response_model=Round,
)
async def open_round(
    body: RoundIn, request: Request, principal: CurrentPrincipal, session: TenantSession, response: Response
):
    row = await service.open_round(
        session,
        principal,
        year=body.year,
        guidelines=body.guidelines,
        deadline=body.deadline,
        reminder_days=body.reminder_days,
        origin=origin(request),
    )
    set_etag(response, row.version)
    response.headers["Location"] = f"/v1/salary/rounds/{body.year}"
    return service.round_out(row)


@router.get(
    "/v1/salary/rounds/{year}",
    responses=ERRORS,
    summary="A round",
    response_model=Round,
    response_model_exclude_unset=True,
)
async def get_round(year: Year, principal: CurrentPrincipal, session: TenantSession, response: Response):
    rnd = await service.get_round(session, principal, year)
    set_etag(response, rnd.version)
    return service.round_view(principal, rnd)


@router.get(
    "/v1/salary/rounds/{year}/summary",
    responses=ERRORS,
    summary="A round in figures for a home page: a manager's decisions to take, HR's totals",
    response_model=RoundSummary,
    response_model_exclude_unset=True,
)
async def round_summary(year: Year, principal: CurrentPrincipal, session: TenantSession):
    return await service.summary(session, principal, year)


@router.get(
    "/v1/salary/rounds/{year}/progress",
    responses=ERRORS,
    summary="Progress per unit and manager (HR)",
    response_model=Progress,
)
async def round_progress(year: Year, request: Request, principal: CurrentPrincipal, session: TenantSession):
    return await service.progress(session, principal, year, origin(request))


@router.post(
    "/v1/salary/rounds/{year}/approval",
    responses=ERRORS,
    summary="HR approves the round (If-Match)",
    response_model=Round,
)
async def approve_round(
    expected: ExpectedVersion,
    year: Year,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await service.approve(session, principal, year, expected, origin(request))
    set_etag(response, row.version)
    return service.round_out(row)


@router.get(
    "/v1/salary/rounds/{year}/decisions",
    responses=ERRORS,
    summary="Decisions of the round: HR all, a manager those of their people",
    response_model=Page[Decision],
)
async def list_decisions(
    year: Year,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Annotated[PageRequest, Depends(paging(maximum=500))],
    status: Literal["open", "decided", "returned", "approved"] | None = None,
    escalated: bool | None = None,
):
    return await service.decisions_list(
        session,
        principal,
        year,
        status=status,
        escalated=escalated,
        page=page,
        origin=origin(request),
    )


# --- decisions --------------------------------------------------------------------------------
class MotivationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    results: Motivation = ""
    behaviour: Motivation = ""
    development: Motivation = ""


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["yes", "no"]
    motivation: MotivationIn
    deviation_reason: Annotated[str | None, Field(max_length=4000)] = None


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: Annotated[str, Field(min_length=5, max_length=4000)]


class ObjectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    grounds: Annotated[str, Field(min_length=10, max_length=8000)]


class ObjectionMove(BaseModel):
    model_config = ConfigDict(extra="forbid")
    state: Literal["in_progress", "upheld", "rejected", "withdrawn"]
    resolution: Annotated[str | None, Field(max_length=4000)] = None


@router.get(
    "/v1/salary/me/decisions",
    responses=ERRORS,
    summary="The caller's own decisions with their letters",
    response_model=Page[Decision],
    response_model_exclude_unset=True,
)
async def my_decisions(request: Request, principal: CurrentPrincipal, session: TenantSession, page: Paging):
    found = await service.my_decisions(session, principal, origin(request))
    return page_list(found, page, by("year", "id"), descending=True)


@router.get(
    "/v1/salary/decisions/{decision_id}", responses=ERRORS, summary="A decision", response_model=Decision
)
async def get_decision(
    decision_id: UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    out = await service.get_decision(session, principal, decision_id, origin(request))
    set_etag(response, out["version"])
    return out


@router.put(
    "/v1/salary/decisions/{decision_id}",
    responses=ERRORS,
    summary="Decide yes or no with a SMART motivation (the manager; HR for escalated ones; If-Match)",
    response_model=Decision,
)
async def decide(
    expected: ExpectedVersion,
    decision_id: UUID,
    body: DecisionIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await service.decide(
        session,
        principal,
        decision_id,
        expected,
        outcome=body.outcome,
        motivation=body.motivation.model_dump(),
        deviation_reason=body.deviation_reason,
        origin=origin(request),
    )
    set_etag(response, row.version)
    return service.decision_out(row)


@router.post(
    "/v1/salary/decisions/{decision_id}/return",
    responses=ERRORS,
    summary="HR sends a decision back to the manager with a comment (If-Match)",
    response_model=Decision,
)
async def return_decision(
    expected: ExpectedVersion,
    decision_id: UUID,
    body: CommentIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await service.return_decision(
        session, principal, decision_id, expected, body.comment, origin(request)
    )
    set_etag(response, row.version)
    return service.decision_out(row)


@router.get(
    "/v1/salary/decisions/{decision_id}/letters/{letter_id}",
    responses={
        **ERRORS,
        200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
    },
    response_class=Response,
    summary="A decision letter (PDF)",
)
async def letter(
    decision_id: UUID, letter_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession
):
    pdf = await service.letter_pdf(session, principal, decision_id, letter_id, origin(request))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="besluit-{letter_id}.pdf"'},
    )


@router.post(
    "/v1/salary/decisions/{decision_id}/objections",
    status_code=201,
    responses=ERRORS,
    summary="The employee objects (within six weeks of the letter)",
    response_model=Objection,
)
async def file_objection(
    decision_id: UUID,
    body: ObjectionIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await objection_service.file(session, principal, decision_id, body.grounds, origin(request))
    set_etag(response, row.version)
    return service.public(row)


@router.get(
    "/v1/salary/objections",
    responses=ERRORS,
    summary="Objections against salary decisions (HR)",
    response_model=Page[Objection],
)
async def list_objections(
    request: Request, principal: CurrentPrincipal, session: TenantSession, page: Paging
):
    found = await objection_service.all_objections(session, principal, origin(request))
    return page_list(found, page, _open_first)


def _open_first(objection: dict) -> tuple:
    """Open objections first, then the most recently filed (the id breaks ties)."""
    still_open = objection["state"] in ("received", "in_progress")
    return (0 if still_open else 1, -objection["filed_on"].toordinal(), str(objection["id"]))


@router.patch(
    "/v1/salary/objections/{objection_id}",
    responses=ERRORS,
    summary="HR moves an objection (upheld corrects the decision with a new letter; If-Match)",
    response_model=Objection,
)
async def move_objection(
    expected: ExpectedVersion,
    objection_id: UUID,
    body: ObjectionMove,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await objection_service.move(
        session,
        principal,
        objection_id,
        expected,
        body.state,
        body.resolution,
        origin(request),
    )
    set_etag(response, row.version)
    return service.public(row)
