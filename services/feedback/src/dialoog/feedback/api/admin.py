"""/v1/feedback/question-sets (any member reads, the tenant admin keeps them), /v1/feedback/settings
(the tenant admin) and /v1/feedback/stats (HR: counts per unit, never content)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from dialoog.feedback.api import schemas as s
from dialoog.feedback.api.deps import ERRORS, WRITE_ERRORS, questions
from dialoog.feedback.service import admin as service
from dialoog.feedback.service import question_sets
from dialoog.kit.clock import today
from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.fields import Year
from dialoog.kit.pagination import Page, Paging, by, page_list

router = APIRouter(tags=["admin"])


@router.get(
    "/v1/feedback/question-sets",
    responses=ERRORS,
    summary="The tenant's question sets (defaults included)",
    response_model=Page[s.QuestionSet],
)
async def list_sets(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    return page_list(await question_sets.all_sets(session), page, by("id"))


@router.post(
    "/v1/feedback/question-sets",
    status_code=201,
    responses=ERRORS,
    summary="A new question set (tenant admin)",
    response_model=s.QuestionSet,
)
async def create_set(
    body: s.QuestionSetIn, principal: CurrentPrincipal, session: TenantSession, response: Response
):
    made = await question_sets.create(session, principal, body.name.model_dump(), questions(body.questions))
    set_etag(response, made["version"])
    return made


@router.put(
    "/v1/feedback/question-sets/{set_id}",
    responses=WRITE_ERRORS,
    summary="Change a question set (tenant admin, If-Match)",
    response_model=s.QuestionSet,
)
async def replace_set(
    set_id: UUID,
    body: s.QuestionSetIn,
    expected: ExpectedVersion,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    changed = await question_sets.replace(
        session, principal, set_id, expected, body.name.model_dump(), questions(body.questions)
    )
    set_etag(response, changed["version"])
    return changed


@router.get(
    "/v1/feedback/settings",
    responses=ERRORS,
    summary="The tenant's feedback settings",
    response_model=s.FeedbackSettings,
)
async def get_settings(principal: CurrentPrincipal, session: TenantSession, response: Response):
    found = await service.settings(session, principal)
    set_etag(response, found["version"])
    return found


@router.put(
    "/v1/feedback/settings",
    responses=WRITE_ERRORS,
    summary="Colours of the outsiders' page and retention (tenant admin, If-Match)",
    response_model=s.FeedbackSettings,
)
async def put_settings(
    body: s.SettingsIn,
    expected: ExpectedVersion,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    values = {
        "colours": body.colours.model_dump() if body.colours else None,
        "retention_months": body.retention_months,
    }
    stored = await service.put_settings(session, principal, expected, values)
    set_etag(response, stored["version"])
    return stored


@router.get(
    "/v1/feedback/stats",
    responses=ERRORS,
    summary="Requests and answers per org unit in a year (HR; counts only)",
    response_model=Page[s.UnitCount],
)
async def stats(
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Paging,
    year: Annotated[Year | None, Query()] = None,
):
    rows = await service.stats(session, principal, year or today().year)
    return page_list(rows, page, by("org_unit_id"))
