"""/v1/people: the tenant's people, and who manages whom (with history)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, EmailStr, Field

from dialoog.kit.auth import Principal, require_roles
from dialoog.kit.clock import today
from dialoog.kit.concurrency import ExpectedVersion, set_etag
from dialoog.kit.deps import CurrentPrincipal, TenantSession
from dialoog.kit.pagination import Page, PageRequest, Paging, page_of, paging
from dialoog.organisatie.api.common import ERRORS
from dialoog.organisatie.domain.person import Person, ReportingLine
from dialoog.organisatie.persistence.people import PeopleRepository
from dialoog.organisatie.service import people as service

router = APIRouter(prefix="/v1/people", tags=["people"])
ADMINS = ("tenant_admin", "hr_advisor")

Name = Annotated[str, Field(min_length=1, max_length=100)]
Role = Annotated[str, Field(pattern=r"^(employee|manager|hr_advisor|director|tenant_admin)$")]


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    employee_number: Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{1,32}$")]
    first_name: Name
    last_name: Name
    email: EmailStr
    date_of_birth: date | None = None
    appointment_start: date | None = None
    probation_end: date | None = None
    org_unit_id: UUID | None = None
    roles: list[Role] = ["employee"]


class PersonPatch(BaseModel):
    """Only the fields sent are changed; dates and the unit may be cleared with null, the rest not."""

    model_config = ConfigDict(extra="forbid")

    # Not nullable: a name, the e-mail address and the roles cannot be emptied (null is a 422).
    first_name: Name = None  # type: ignore[assignment]
    last_name: Name = None  # type: ignore[assignment]
    email: EmailStr = None  # type: ignore[assignment]
    date_of_birth: date | None = None
    appointment_start: date | None = None
    probation_end: date | None = None
    org_unit_id: UUID | None = None
    roles: list[Role] = None  # type: ignore[assignment]


class PersonOut(BaseModel):
    id: UUID
    employee_number: str
    first_name: str
    last_name: str
    email: str
    date_of_birth: date | None
    appointment_start: date | None
    probation_end: date | None
    org_unit_id: UUID | None
    roles: list[str]
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: Person) -> PersonOut:
        return cls(**{f: (list(getattr(p, f)) if f == "roles" else getattr(p, f)) for f in cls.model_fields})


class ManagerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    manager_id: UUID
    delegate_id: UUID | None = None
    valid_from: date | None = None


class LineOut(BaseModel):
    manager_id: UUID
    delegate_id: UUID | None
    valid_from: date
    valid_to: date | None

    @classmethod
    def of(cls, line: ReportingLine) -> LineOut:
        return cls(
            manager_id=line.manager_id,
            delegate_id=line.delegate_id,
            valid_from=line.valid_from,
            valid_to=line.valid_to,
        )


def _person_key(p: Person) -> tuple:
    return (p.last_name, p.first_name, p.id)


async def _me(session, principal: Principal) -> Person:
    """The caller's person: by Keycloak user id, else by an exact, verified e-mail address."""
    repo = PeopleRepository(session)
    person = await repo.by_keycloak_user(principal.user_id)
    if person is None and principal.email and principal.claims.get("email_verified", False):
        person = await repo.by_email(principal.email)
    if person is None:
        raise service.person_not_found()
    return person


@router.get("", response_model=Page[PersonOut], responses=ERRORS, summary="People (tenant admin, HR)")
async def list_people(
    principal: CurrentPrincipal,
    session: TenantSession,
    page: Annotated[PageRequest, Depends(paging(maximum=500))],
    org_unit_id: UUID | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
):
    require_roles(principal, ADMINS)
    found = await PeopleRepository(session).page(page, org_unit_id=org_unit_id, query=q)
    return page_of(found, page, _person_key, PersonOut.of)


@router.get("/me", response_model=PersonOut, responses=ERRORS, summary="The caller as a person of the tenant")
async def me(principal: CurrentPrincipal, session: TenantSession):
    return PersonOut.of(await _me(session, principal))


@router.get(
    "/me/reports",
    response_model=Page[PersonOut],
    responses=ERRORS,
    summary="The people the caller manages now (directly or as delegate)",
)
async def my_reports(principal: CurrentPrincipal, session: TenantSession, page: Paging):
    person = await _me(session, principal)
    found = await PeopleRepository(session).reports_of(person.id, page)
    return page_of(found, page, _person_key, PersonOut.of)


@router.get("/{person_id}", response_model=PersonOut, responses=ERRORS, summary="One person")
async def get_person(
    person_id: UUID, principal: CurrentPrincipal, session: TenantSession, response: Response
):
    repo = PeopleRepository(session)
    person = await repo.get(person_id)
    if person is None:
        raise service.person_not_found()
    if not principal.has_role(*ADMINS):
        me_ = await _me(session, principal)
        line = await repo.current_line(person_id)
        if me_.id != person_id and not (line and me_.id in (line.manager_id, line.delegate_id)):
            raise service.person_not_found()
    set_etag(response, person.version)
    return PersonOut.of(person)


@router.post(
    "", status_code=201, response_model=PersonOut, responses=ERRORS, summary="Add a person (tenant admin)"
)
async def create_person(
    body: PersonIn, principal: CurrentPrincipal, session: TenantSession, response: Response
):
    require_roles(principal, ["tenant_admin"])
    person = await service.create_person(session, principal.tenant, body.model_dump())
    set_etag(response, person.version)
    response.headers["Location"] = f"/v1/people/{person.id}"
    return PersonOut.of(person)


@router.patch(
    "/{person_id}",
    response_model=PersonOut,
    responses=ERRORS,
    summary="Change a person (tenant admin; If-Match required)",
)
async def patch_person(
    expected: ExpectedVersion,
    person_id: UUID,
    body: PersonPatch,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    require_roles(principal, ["tenant_admin"])
    changes = body.model_dump(exclude_unset=True)
    person = await service.update_person(session, principal.tenant, person_id, expected, changes)
    set_etag(response, person.version)
    return PersonOut.of(person)


@router.put(
    "/{person_id}/manager",
    response_model=LineOut,
    responses=ERRORS,
    summary="Give a person a (new) manager and optional delegate from a date (tenant admin, HR; "
    "If-Match: the person's version)",
)
async def set_manager(
    expected: ExpectedVersion,
    person_id: UUID,
    body: ManagerIn,
    request: Request,
    principal: CurrentPrincipal,
    session: TenantSession,
    response: Response,
):
    require_roles(principal, ADMINS)
    line, version = await service.change_manager(
        session,
        principal.tenant,
        person_id,
        expected,
        body.manager_id,
        body.delegate_id,
        body.valid_from or today(),
    )
    set_etag(response, version)
    return LineOut.of(line)


@router.get(
    "/{person_id}/reporting-lines",
    response_model=Page[LineOut],
    responses=ERRORS,
    summary="Who managed this person when",
)
async def reporting_lines(person_id: UUID, principal: CurrentPrincipal, session: TenantSession, page: Paging):
    require_roles(principal, ADMINS)
    repo = PeopleRepository(session)
    if await repo.get(person_id) is None:
        raise service.person_not_found()
    lines = await repo.history(person_id, page)
    return page_of(lines, page, lambda line: (line.valid_from, line.id), LineOut.of)
