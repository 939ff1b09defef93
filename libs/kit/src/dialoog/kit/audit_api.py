"""The audit trail over HTTP for HR, the same in every service that keeps one: the entries, newest
first, searched by person (by or about them), actor, object and date range, and a check of the
hash chain that names the first broken link.

Who a person is to a service's trail (the names they act under, the objects about them) only the
service knows: it passes `person_objects`, an async function of (session, person id) that returns
(actors, object ids) from its own tables. Without one, a person is only the object with their id."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.audit import AuditFilter, AuditRepository, window
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
    entries: int = Field(description="Entries in the chain when the check began")
    intact: bool
    first_break_index: int | None = Field(
        description="0-based index of the first entry whose link, hash or checkpoint does not hold"
    )
    full: bool = Field(description="Whether every entry's hash was re-computed")
    rehashed: int = Field(description="Entries whose hash was re-computed")
    last_full_check: datetime | None = Field(
        description="When a full check last found the chain intact (this one, if it was full)"
    )


PersonObjects = Callable[[AsyncSession, UUID], Awaitable[tuple[list[str], list[str]]]]


async def only_the_person(session: AsyncSession, person_id: UUID) -> tuple[list[str], list[str]]:
    return [], [str(person_id)]


def audit_router(
    table: Table, path: str, tag: str = "audit", person_objects: PersonObjects = only_the_person
) -> APIRouter:
    router = APIRouter(tags=[tag])

    @router.get(
        path,
        response_model=Page[AuditEntry],
        responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM},
        summary="The audit trail (HR), newest first",
        description="Every filter given must hold. `person_id`: entries by that person or about them "
        "(what this service holds of them: in portfolio their portfolio and everything in it, "
        "elsewhere the object with their id); `from`/`to`: business dates (Europe/Amsterdam), both "
        "included; a `to` before `from` is 422 `audit-range-reversed`.",
    )
    async def audit_entries(
        principal: CurrentPrincipal,
        session: TenantSession,
        page: Annotated[PageRequest, Depends(paging(maximum=500))],
        person_id: Annotated[UUID | None, Query(description="Entries by or about this person")] = None,
        actor: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
        object_type: Annotated[str | None, Query(pattern=r"^[a-z_]{1,64}$")] = None,
        object_id: Annotated[str | None, Query(max_length=200)] = None,
        first: Annotated[date | None, Query(alias="from", description="From this date")] = None,
        last: Annotated[date | None, Query(alias="to", description="Up to and including this date")] = None,
    ):
        require_roles(principal, ["hr_advisor"])
        since, before = window(first, last)
        person = await person_objects(session, person_id) if person_id else None
        where = AuditFilter(
            person=(tuple(person[0]), tuple(person[1])) if person else None,
            actor=actor,
            object_type=object_type,
            object_id=object_id or None,
            since=since,
            before=before,
        )
        rows = await AuditRepository(session, table).entries(page, where)
        return page_of(rows, page, lambda r: (r.seq,), lambda r: AuditEntry(**r._mapping))

    @router.get(
        f"{path}/verify",
        response_model=ChainCheck,
        responses={401: PROBLEM, 403: PROBLEM},
        summary="Check the audit hash chain (HR)",
        description="Every checkpoint is held against the entry it names; links and hashes are "
        "checked of the entries since the last check that found the chain intact, or of all "
        "entries with `full=true`. An intact chain gets a checkpoint at its last entry (ADR 0042).",
    )
    async def verify(
        principal: CurrentPrincipal,
        session: TenantSession,
        full: Annotated[bool, Query(description="Re-compute the hash of every entry")] = False,
    ):
        require_roles(principal, ["hr_advisor"])
        verdict = await AuditRepository(session, table).verify(full=full)
        return ChainCheck(
            entries=verdict.entries,
            intact=verdict.first_break is None,
            first_break_index=verdict.first_break,
            full=verdict.rehashed == verdict.entries,
            rehashed=verdict.rehashed,
            last_full_check=verdict.last_full_check,
        )

    return router
