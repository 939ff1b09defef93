"""The audit trail over HTTP for HR, the same in every service that keeps one: the entries, and a
check of the hash chain that names the first broken link."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import Table

from dialoog.kit.audit import AuditRepository, first_break
from dialoog.kit.auth import require_roles
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.openapi import PROBLEM
from dialoog.kit.pagination import Page, PageRequest, page_of, paging


class AuditEntry(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    result: str
    origin: str | None
    purpose: str


class ChainCheck(BaseModel):
    entries: int
    intact: bool
    first_break_index: int | None


def audit_router(table: Table, path: str, tag: str = "audit") -> APIRouter:
    router = APIRouter(tags=[tag])

    @router.get(
        path,
        response_model=Page[AuditEntry],
        responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM},
        summary="The audit trail (HR)",
    )
    async def audit_entries(
        principal: CurrentPrincipal,
        session: TenantSession,
        page: Annotated[PageRequest, Depends(paging(maximum=500))],
        object_id: Annotated[str | None, Query(max_length=200)] = None,
    ):
        require_roles(principal, ["hr_advisor"])
        rows = await AuditRepository(session, table).entries(page, object_id)
        return page_of(rows, page, lambda r: (r.seq,), lambda r: AuditEntry(**r._mapping))

    @router.get(
        f"{path}/verify",
        response_model=ChainCheck,
        responses={401: PROBLEM, 403: PROBLEM},
        summary="Check the audit hash chain (HR)",
    )
    async def verify(principal: CurrentPrincipal, session: TenantSession):
        require_roles(principal, ["hr_advisor"])
        chain = await AuditRepository(session, table).chain()
        broken = first_break(chain)
        return ChainCheck(entries=len(chain), intact=broken is None, first_break_index=broken)

    return router
