"""/v1/decisions: formal decisions (besluiten) on agreements with legal consequences, their
letters, and objections against them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from dialoog.kit.clock import today
from dialoog.kit.concurrency import ExpectedVersion
from dialoog.kit.deps import CurrentPrincipal, TenantSession, origin
from dialoog.kit.pagination import Page, Paging, by, page_list
from dialoog.portfolio.api.assessments import GroundsIn, decided_out
from dialoog.portfolio.api.portfolios import ERRORS
from dialoog.portfolio.api.schemas import Decision, Objection
from dialoog.portfolio.service import decisions as service

router = APIRouter(tags=["decisions"])


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Annotated[str, Field(min_length=1, max_length=4000, description="What is decided")]
    motivation: Annotated[str, Field(min_length=1, max_length=8000, description="Why: a sound motivation")]


@router.get(
    "/v1/portfolios/{employee_id}/decisions",
    responses=ERRORS,
    summary="The employee's formal decisions (needed and established) with their objections",
    response_model=Page[Decision],
)
async def decisions_of(
    employee_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession, page: Paging
):
    found = await service.of_employee(session, principal, employee_id, origin(request))
    return page_list(found, page, by("created_at", "id"))


@router.post(
    "/v1/decisions/{decision_id}/establish",
    responses=ERRORS,
    summary="The manager (or HR) establishes the decision with a motivation; the letter is made (If-Match)",
    response_model=Decision,
)
async def establish(
    expected: ExpectedVersion,
    decision_id: UUID,
    body: DecisionIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await service.establish(
        session,
        principal,
        decision_id,
        expected,
        body.decision,
        body.motivation,
        today(),
        origin(request),
    )
    return decided_out(row, response)


@router.get(
    "/v1/decisions/{decision_id}/letter",
    responses={
        **ERRORS,
        200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
    },
    summary="The decision letter (PDF)",
    response_class=Response,
)
async def letter(decision_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession):
    pdf = await service.letter(session, principal, decision_id, origin(request))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="besluit-{decision_id}.pdf"'},
    )


@router.post(
    "/v1/decisions/{decision_id}/objections",
    status_code=201,
    responses=ERRORS,
    summary="File an objection against the decision (employee; within six weeks of the letter)",
    response_model=Objection,
)
async def object_to(
    decision_id: UUID,
    body: GroundsIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    row = await service.file_objection(
        session, principal, decision_id, body.grounds, today(), origin(request)
    )
    return decided_out(row, response)
