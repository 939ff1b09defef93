"""/v1/feedback/colleagues: the requester's colleague picker (any member)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from dialoog.feedback.api.deps import ERRORS
from dialoog.feedback.service import colleagues as service
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.pagination import Page, Paging

router = APIRouter(tags=["colleagues"])


class ColleagueOut(BaseModel):
    person_id: UUID
    name: str
    org_unit_name: str | None
    relation: Literal["manager", "team", "other"]


@router.get(
    "/v1/feedback/colleagues",
    responses=ERRORS,
    summary="Colleagues to ask: my manager first, then my team, then the rest by name",
    response_model=Page[ColleagueOut],
)
async def colleagues(
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Paging,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name")] = None,
):
    return await service.colleagues(session, principal, (q or "").strip() or None, page)
