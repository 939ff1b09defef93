"""/v1/assessments: the assessment talk, its letter, and objections against it."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from dialoog.kit.clock import today
from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession, origin
from dialoog.kit.pagination import Page, Paging, by, page_list
from dialoog.portfolio.api.portfolios import ERRORS
from dialoog.portfolio.api.schemas import Assessment, Escalation, Objection
from dialoog.portfolio.service import assessments as service
from dialoog.portfolio.service import objecting

router = APIRouter(tags=["assessments"])
Body = Annotated[str, Field(min_length=1, max_length=8000)]


class TextIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Body


class GroundsIn(BaseModel):
    """An objection, as salaris files one too."""

    model_config = ConfigDict(extra="forbid")
    grounds: Body


class ObjectionMove(BaseModel):
    """HR moves an objection, as in salaris: `PATCH` on the objection with `state`."""

    model_config = ConfigDict(extra="forbid")
    state: Literal["in_progress", "upheld", "rejected", "withdrawn"]


def decided_out(row, response: Response | None = None) -> dict:
    """An assessment, decision or objection as answered: without the letter's PDF (its own route),
    with its version as the ETag."""
    if response is not None:
        set_etag(response, row.version)
    return {k: v for k, v in row._mapping.items() if k != "letter"}


@router.get(
    "/v1/portfolios/{employee_id}/assessments",
    responses=ERRORS,
    summary="The employee's assessment talks with their objections",
    response_model=Page[Assessment],
)
async def assessments_of(
    employee_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession, page: Paging
):
    found = await service.of_employee(session, principal, employee_id, origin(request))
    return page_list(found, page, by("created_at", "id"))


@router.post(
    "/v1/portfolios/{employee_id}/assessments",
    status_code=201,
    responses=ERRORS,
    summary="Request an assessment talk (employee or manager, at any time)",
    response_model=Assessment,
)
async def request_assessment(
    employee_id: UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    return decided_out(
        await service.request_assessment(session, principal, employee_id, today(), origin(request)), response
    )


@router.post(
    "/v1/assessments/{assessment_id}/report",
    responses=ERRORS,
    summary="The report of the assessment talk (manager; If-Match)",
    response_model=Assessment,
)
async def report(
    expected: ExpectedVersion,
    assessment_id: UUID,
    body: TextIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await service.record_report(session, principal, assessment_id, expected, body.text, origin(request))
    return decided_out(row, response)


@router.post(
    "/v1/assessments/{assessment_id}/establish",
    responses=ERRORS,
    summary="The manager establishes the assessment; the letter is made and sent (If-Match)",
    response_model=Assessment,
)
async def establish(
    expected: ExpectedVersion,
    assessment_id: UUID,
    body: TextIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await service.establish(
        session, principal, assessment_id, expected, body.text, today(), origin(request)
    )
    return decided_out(row, response)


@router.get(
    "/v1/assessments/{assessment_id}/letter",
    responses={
        **ERRORS,
        200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
    },
    summary="The decision letter (PDF)",
    response_class=Response,
)
async def letter(assessment_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession):
    pdf = await service.letter(session, principal, assessment_id, origin(request))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="besluit-{assessment_id}.pdf"'},
    )


@router.post(
    "/v1/assessments/{assessment_id}/objections",
    status_code=201,
    responses=ERRORS,
    summary="File an objection (employee; within six weeks of the letter)",
    response_model=Objection,
)
async def object_to(
    assessment_id: UUID,
    body: GroundsIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    return decided_out(
        await service.file_objection(
            session, principal, assessment_id, body.grounds, today(), origin(request)
        ),
        response,
    )


@router.patch(
    "/v1/objections/{objection_id}",
    responses=ERRORS,
    summary="Move an objection: in_progress, upheld, rejected, withdrawn (HR; If-Match)",
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
    row = await objecting.move(session, principal, objection_id, expected, body.state, origin(request))
    return decided_out(row, response)


class EscalationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target: Annotated[str, Field(pattern=r"^(next_manager|hr_advisor)$")]
    subject: Body


@router.post(
    "/v1/portfolios/{employee_id}/escalations",
    status_code=201,
    responses=ERRORS,
    summary="Escalate a disagreement to the next-higher manager or the HR advisor",
    response_model=Escalation,
)
async def escalate(
    employee_id: UUID,
    body: EscalationIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
):
    row = await service.escalate(
        session, principal, employee_id, body.target, body.subject, today(), origin(request)
    )
    return dict(row._mapping)


@router.get(
    "/v1/objections",
    responses=ERRORS,
    summary="Every objection of the tenant (against assessments and decisions), newest first (HR)",
    response_model=Page[Objection],
)
async def all_objections(request: Request, principal: CurrentPrincipal, session: TenantSession, page: Paging):
    found = await objecting.of_tenant(session, principal, origin(request))
    return page_list(found, page, by("created_at", "id"), descending=True)
