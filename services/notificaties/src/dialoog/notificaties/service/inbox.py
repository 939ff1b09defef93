"""The signed-in person's own inbox: a page of items (rendered in her language), the unread count,
marking one or all as read."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit import clock
from dialoog.kit.auth import Principal
from dialoog.kit.pagination import PageRequest, page_of
from dialoog.kit.problems import not_found
from dialoog.notificaties.domain.preferences import effective
from dialoog.notificaties.persistence.notifications import NotificationRepository
from dialoog.notificaties.persistence.preferences import PreferenceRepository
from dialoog.notificaties.persistence.projections import ProjectionRepository
from dialoog.notificaties.service.context import me
from dialoog.notificaties.templates.render import title_and_body


async def language_of(session: AsyncSession, person: UUID, asked: str | None) -> str:
    if asked:
        return asked
    prefs = PreferenceRepository(session)
    defaults, own = await prefs.defaults(), await prefs.person(person)
    return effective(defaults.settings if defaults else None, own.settings if own else None).language


def show(row, language: str, tenant_name: str | None) -> dict:
    title, body = title_and_body(row.kind, row.params or {}, language, tenant_name)
    return {
        "id": row.id,
        "category": row.category,
        "kind": row.kind,
        "title": title,
        "body": body,
        "link": row.link,
        "created_at": row.created_at,
        "read_at": row.read_at,
    }


async def page(
    session: AsyncSession, principal: Principal, unread: bool | None, lang: str | None, paging: PageRequest
) -> dict:
    person = await me(session, principal)
    language = await language_of(session, person, lang)
    tenant_name = await ProjectionRepository(session).tenant_name()
    rows = await NotificationRepository(session).page(person, unread, paging)
    return page_of(rows, paging, lambda r: (r.created_at, r.id), lambda r: show(r, language, tenant_name))


async def unread_count(session: AsyncSession, principal: Principal) -> int:
    return await NotificationRepository(session).unread(await me(session, principal))


async def read(session: AsyncSession, principal: Principal, notification: UUID, lang: str | None) -> dict:
    person = await me(session, principal)
    row = await NotificationRepository(session).mark_read(person, notification, clock.now())
    if row is None:
        raise not_found()
    language = await language_of(session, person, lang)
    return show(row, language, await ProjectionRepository(session).tenant_name())


async def read_all(session: AsyncSession, principal: Principal) -> int:
    return await NotificationRepository(session).mark_all_read(await me(session, principal), clock.now())
