"""One-click unsubscribe without login (RFC 8058): the signed token names tenant, person and
category; confirming switches that category's e-mail off (idempotent), a preview changes nothing.
The token itself is never logged."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dialoog.kit.db import tenant_transaction
from dialoog.kit.errors import Text
from dialoog.kit.problems import problem
from dialoog.notificaties.domain import tokens
from dialoog.notificaties.domain.preferences import effective
from dialoog.notificaties.persistence.preferences import PreferenceRepository
from dialoog.notificaties.persistence.projections import ProjectionRepository
from dialoog.notificaties.service.context import Context


def invalid_link():
    return problem(
        "unsubscribe-link-invalid",
        Text(
            "Deze afmeldlink is beschadigd of niet van ons. Wijzig uw voorkeuren na aanmelden in Dialoog.",
            "This unsubscribe link is damaged or not one of ours. Change your preferences after signing in.",
        ),
    )


async def unsubscribe(
    sessions: async_sessionmaker[AsyncSession], ctx: Context, token: str, *, apply: bool
) -> dict:
    try:
        what = tokens.verify(ctx.keys, token)
    except tokens.BadToken:
        raise invalid_link() from None
    async with tenant_transaction(sessions, what.tenant) as session:
        projections = ProjectionRepository(session)
        if await projections.person(what.person_id) is None:
            raise invalid_link()
        repo = PreferenceRepository(session)
        await repo.ensure_person(what.tenant, what.person_id)
        own = await repo.person(what.person_id, lock=apply)
        defaults = await repo.defaults()
        if apply:
            settings = dict(own.settings)
            categories = dict(settings.get("categories") or {})
            current = effective(defaults.settings if defaults else None, own.settings).categories[
                what.category
            ]
            if categories.get(what.category, {}).get("email") is not False:
                categories[what.category] = {**current, "email": False}
                settings["categories"] = categories
                await repo.replace_person(what.person_id, settings)
                own = await repo.person(what.person_id)
        language = effective(defaults.settings if defaults else None, own.settings).language
        return {
            "category": what.category,
            "tenant_name": await projections.tenant_name(),
            "language": language,
        }
