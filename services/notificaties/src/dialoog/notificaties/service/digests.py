"""Digests: per tenant, the held e-mails whose moment has come, one mail per person with all of
them. One transaction per tenant under its RLS; the digest's id (and Message-ID) derives from the
person and the moment, and the items are marked in the same transaction, so a retry after a crash
sends nothing twice and loses nothing (ADR 0025)."""

from __future__ import annotations

import itertools
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dialoog.kit.db import platform_transaction
from dialoog.notificaties.domain import identity
from dialoog.notificaties.domain.preferences import effective
from dialoog.notificaties.persistence.digests import DigestRepository, all_tenants
from dialoog.notificaties.persistence.notifications import NotificationRepository
from dialoog.notificaties.persistence.preferences import PreferenceRepository
from dialoog.notificaties.persistence.projections import ProjectionRepository
from dialoog.notificaties.service.context import Context
from dialoog.notificaties.service.mail import item_of, queue_digest_mail


async def tenants(sessions: async_sessionmaker[AsyncSession]) -> list[str]:
    async with platform_transaction(sessions) as session:
        return await all_tenants(session)


async def send_due(session: AsyncSession, ctx: Context, tenant: str, now: datetime) -> int:
    """Digests queued for `tenant` at `now` (one per person with due held items)."""
    notifications = NotificationRepository(session)
    rows = await notifications.held_due(now)
    if not rows:
        return 0
    projections = ProjectionRepository(session)
    prefs = PreferenceRepository(session)
    defaults = await prefs.defaults()
    brand = await projections.brand()
    by_person = {k: list(v) for k, v in itertools.groupby(rows, key=lambda r: r.recipient_id)}
    people = await projections.people_by_id(list(by_person))
    own = await prefs.people(list(by_person))
    sent = 0
    for person_id, items in by_person.items():
        person = people.get(person_id)
        ids = [r.notification_id for r in items]
        due_at = max(r.due_at for r in items)
        digest = identity.digest_id(tenant, person_id, due_at)
        if person is None or not person.email:
            await notifications.mark_digested(ids, digest, "")
            continue
        language = effective(defaults.settings if defaults else None, own.get(person_id)).language
        message_id = identity.message_id("d", digest, ctx.mail_domain)
        if await DigestRepository(session).add(tenant, digest, person_id, due_at, len(items), message_id):
            await queue_digest_mail(
                session,
                ctx,
                tenant=tenant,
                brand=brand,
                person=person,
                digest_id=digest,
                items=[item_of(ctx, r.kind, r.params or {}, r.link, language, brand.in_mail) for r in items],
                language=language,
            )
            sent += 1
        await notifications.mark_digested(ids, digest, message_id)
    return sent
