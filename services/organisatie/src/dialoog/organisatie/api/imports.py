"""/v1/imports: the HR import of people and units from CSV, with progress and a per-row report."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response
from pydantic import BaseModel, Field

from dialoog.kit.auth import require_roles
from dialoog.kit.clock import today
from dialoog.kit.db import tenant_transaction
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.errors import Text
from dialoog.kit.pagination import Page, Paging, page_of
from dialoog.kit.problems import not_found, problem
from dialoog.organisatie.api.common import ERRORS
from dialoog.organisatie.persistence.imports import ImportRepository
from dialoog.organisatie.service.imports import run_import, start_import

router = APIRouter(prefix="/v1/imports", tags=["imports"])
MAX_CSV_BYTES = 8 * 1024 * 1024


class RowError(BaseModel):
    field: str = Field(description="The CSV column (`*`: the row as a whole)")
    reason: str = Field(description="Why, in English (as `reason_en`)")
    reason_en: str | None = None
    reason_nl: str | None = Field(None, description="Why, in Dutch")
    kind: str | None = None


class ReportRow(BaseModel):
    line: int = Field(description="The line in the file (the header is line 1)")
    employee_number: str
    status: Literal["created", "updated", "unchanged", "error"]
    fields: list[str] | None = Field(None, description="`updated`: the fields that changed")
    errors: list[RowError] | None = Field(None, description="`error`: what is wrong, per column")


class ImportOut(BaseModel):
    id: UUID
    status: str
    filename: str | None
    total: int
    processed: int
    percent: int
    created: int
    updated: int
    unchanged: int
    failed: int
    created_by: str
    created_at: datetime
    finished_at: datetime | None
    report: list[ReportRow] | None = None

    @classmethod
    def of(cls, row) -> ImportOut:
        data = dict(row._mapping)
        data["percent"] = (
            100 if data["status"] != "running" else (data["processed"] * 100 // max(data["total"], 1))
        )
        return cls(**{k: v for k, v in data.items() if k in cls.model_fields})


async def start_in_background(app, tenant: str, job_id: UUID) -> None:
    """Runs as a BackgroundTask, i.e. after the upload's transaction committed and the response
    went out; the import itself continues as a task of the service."""
    sessions = app.state.sessions
    task = asyncio.create_task(
        run_import(lambda: tenant_transaction(sessions, tenant), tenant, job_id, today())
    )
    app.state.tasks.add(task)
    task.add_done_callback(app.state.tasks.discard)


@router.post(
    "",
    status_code=202,
    response_model=ImportOut,
    responses=ERRORS,
    summary="Upload a CSV of people and units (tenant admin); it is processed in the background",
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
    },
)
async def upload(
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
    tasks: BackgroundTasks,
):
    require_roles(principal, ["tenant_admin"])
    content = await request.body()
    if len(content) > MAX_CSV_BYTES:
        raise problem(
            "payload-too-large", Text("Het importbestand is te groot.", "The import file is too large.")
        )
    filename = request.headers.get("x-filename")
    job_id = await start_import(session, principal.tenant, filename, content, principal.username)
    tasks.add_task(start_in_background, request.app, principal.tenant, job_id)
    response.headers["Location"] = f"/v1/imports/{job_id}"
    return ImportOut.of(await ImportRepository(session).get(job_id, with_report=False))


@router.get("", response_model=Page[ImportOut], responses=ERRORS, summary="The imports, newest first")
async def recent(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    require_roles(principal, ["tenant_admin"])
    found = await ImportRepository(session).page(page)
    return page_of(found, page, lambda r: (r.created_at, r.id), ImportOut.of)


@router.get(
    "/{job_id}", response_model=ImportOut, responses=ERRORS, summary="Progress and report of an import"
)
async def status(
    job_id: UUID,
    principal: CurrentPrincipal,
    session: TenantSession,
    report: Annotated[
        Literal["all", "errors"],
        Query(description="`errors`: only the report's rows with errors (for a progress poll)"),
    ] = "all",
):
    require_roles(principal, ["tenant_admin"])
    row = await ImportRepository(session).get(job_id, errors_only=report == "errors")
    if row is None:
        raise not_found("import-not-found")
    return ImportOut.of(row)
