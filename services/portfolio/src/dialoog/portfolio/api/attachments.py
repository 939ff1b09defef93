"""/v1/portfolios/{id}/attachments and /v1/attachments: files in the portfolio."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from dialoog.kit.clock import today
from dialoog.kit.deps import CurrentPrincipal, TenantSession, origin
from dialoog.portfolio.api.portfolios import ERRORS, PROBLEM
from dialoog.portfolio.api.schemas import Attachment
from dialoog.portfolio.domain.attachments import ACCEPTED
from dialoog.portfolio.service import attachments as service

router = APIRouter(tags=["attachments"])


@router.post(
    "/v1/portfolios/{employee_id}/attachments",
    status_code=201,
    responses={**ERRORS, 413: PROBLEM, 415: PROBLEM},
    summary="Attach a file to the running period (the body is the file; PDF, PNG, JPEG, DOCX or ODT, "
    "recognised by its content; at most 10 MiB)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in ACCEPTED},
        }
    },
    response_model=Attachment,
)
async def attach(
    employee_id: UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    filename: Annotated[
        str | None, Query(max_length=255, description="The file's name as the user knows it")
    ] = None,
):
    content = await request.body()
    row = await service.add(session, principal, employee_id, content, filename, today(), origin(request))
    return dict(row._mapping)


@router.get(
    "/v1/attachments/{attachment_id}",
    responses={
        **ERRORS,
        200: {
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in ACCEPTED},
            "description": "The file",
        },
    },
    summary="Download an attachment (whoever may read the portfolio)",
    response_class=Response,
)
async def download(
    attachment_id: UUID, request: Request, principal: CurrentPrincipal, session: TenantSession
):
    row, content = await service.download(session, principal, attachment_id, origin(request))
    return Response(
        content,
        media_type=row.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.filename)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
