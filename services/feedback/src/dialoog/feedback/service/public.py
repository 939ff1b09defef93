"""An outsider's side, without an account: her personal link is verified first; only then is the
tenant set from it (as from an access token) and her invitation read under row level security.
Reading the page spends nothing; only the answer does. She can withdraw her answer and ask never
to be invited again (kept as a keyed hash of her address) for as long as the link is genuine,
also after it expired: her rights last as long as her answer is kept."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dialoog.feedback.domain import links
from dialoog.feedback.domain.retention import DEFAULT_MONTHS
from dialoog.feedback.domain.states import request_state
from dialoog.feedback.persistence.projections import ProjectionRepository
from dialoog.feedback.persistence.requests import RequestRepository
from dialoog.feedback.persistence.settings import SettingsRepository
from dialoog.feedback.service import answering
from dialoog.feedback.service.context import Context
from dialoog.kit.clock import now, today
from dialoog.kit.db import tenant_transaction
from dialoog.kit.errors import Problem
from dialoog.kit.problems import conflict, not_found, problem

DEFAULT_COLOURS = {"primary": "#154273", "primary_text": "#ffffff"}


def invalid() -> Problem:
    return not_found("feedback-link-invalid")


@asynccontextmanager
async def opened(
    sessions: async_sessionmaker[AsyncSession], ctx: Context, token: str, *, lock: bool = False
) -> AsyncIterator[tuple]:
    """(session, link, giver, request) in a transaction of the link's tenant; 404
    `feedback-link-invalid` before anything is read when the link is not genuine."""
    try:
        link = links.verify(ctx.keys.link, token)
    except links.LinkInvalid:
        raise invalid() from None
    async with tenant_transaction(sessions, link.tenant) as session:
        repo = RequestRepository(session)
        giver = await repo.giver(link.invitation_id, lock=lock)
        if giver is None or giver.kind != "outsider":
            raise invalid()
        request = await repo.get(giver.request_id, lock=lock)
        yield session, link, giver, request


def state_of(link: links.Link, giver, request) -> str:
    if giver.state == "answered":
        return "answered"
    if giver.state == "withdrawn":
        return "withdrawn"
    if giver.state == "declined":
        return "declined"
    state = request_state(request.state, request.deadline, today())
    if state == "closed":
        return "closed"
    if state == "expired" or link.expires_at <= now():
        return "expired"
    return "open"


async def read(sessions, ctx: Context, token: str) -> dict:
    async with opened(sessions, ctx, token) as (session, link, giver, request):
        settings = await SettingsRepository(session).get()
        requester = await ProjectionRepository(session).person(request.requester_id)
        return {
            "state": state_of(link, giver, request),
            "tenant": {
                "name": (settings.name if settings and settings.name else link.tenant),
                "colours": (settings.colours if settings and settings.colours else DEFAULT_COLOURS),
            },
            "requester_name": requester.display_name if requester else None,
            "giver_name": giver.name,
            "purpose": request.purpose,
            "questions": request.questions,
            "deadline": request.deadline,
            "anonymous": request.anonymous,
            "retention_months": settings.retention_months if settings else DEFAULT_MONTHS,
            "link_expires_at": link.expires_at,
        }


def _usable(link, giver, request) -> None:
    state = state_of(link, giver, request)
    if state in ("answered", "withdrawn", "declined"):
        raise conflict(
            "feedback-link-spent",
            "Met deze link is al geantwoord.",
            "This link was used already.",
            state=state,
        )
    if state == "closed":
        raise conflict("feedback-request-closed", "Dit verzoek is gesloten.", "This request is closed.")
    if state == "expired":
        raise problem("feedback-link-expired")


async def answer(sessions, ctx: Context, token: str, answers: list[dict]) -> dict:
    async with opened(sessions, ctx, token, lock=True) as (session, link, giver, request):
        _usable(link, giver, request)
        await answering.store_answer(session, link.tenant, request, giver, answers)
        return {"state": "answered"}


async def withdraw(sessions, ctx: Context, token: str) -> dict:
    async with opened(sessions, ctx, token, lock=True) as (session, _link, giver, request):
        if giver.state != "withdrawn":
            await answering.withdraw(session, request, giver)
        return {"state": "withdrawn"}


async def opt_out(sessions, ctx: Context, token: str) -> dict:
    """Never invite this address again in this tenant; the address itself is forgotten."""
    async with opened(sessions, ctx, token, lock=True) as (session, link, giver, request):
        repo = RequestRepository(session)
        if giver.email:
            await SettingsRepository(session).opt_out(
                link.tenant, links.address_hash(ctx.keys.address, giver.email)
            )
        values: dict = {"email": None}
        if giver.state in ("asked", "draft"):
            values |= {"state": "declined", "draft": None}
        await repo.set_giver(giver.id, **values)
        fresh = await repo.giver(giver.id)
        return {"state": state_of(link, fresh, request), "opted_out": True}
