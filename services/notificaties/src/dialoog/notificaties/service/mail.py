"""The mails of notifications: one notification's (with List-Unsubscribe for a category one may
switch off) and a digest's, queued in the kit's mail outbox in the caller's transaction under a
deterministic Message-ID (ADR 0025)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.mail import OutgoingMail, queue_mail
from dialoog.notificaties.domain import identity, tokens
from dialoog.notificaties.domain.branding import Brand
from dialoog.notificaties.domain.rules import Rule
from dialoog.notificaties.persistence.tables import mail_outbox
from dialoog.notificaties.service.context import Context
from dialoog.notificaties.templates.render import Item, digest_mail, notification_mail, title_and_body


def item_of(ctx: Context, kind: str, params: dict, link: str, language: str, tenant_name: str | None) -> Item:
    title, body = title_and_body(kind, params, language, tenant_name)
    return Item(title, body, ctx.url(link))


async def queue_notification_mail(
    session: AsyncSession,
    ctx: Context,
    *,
    tenant: str,
    brand: Brand,
    person,
    notification_id,
    rule: Rule,
    params: dict,
    link: str,
    language: str,
    not_before: datetime | None,
) -> str:
    headers: dict[str, str] = {}
    unsubscribe_url = None
    if not rule.always_sent:
        token = tokens.sign(ctx.keys, ctx.key_id, tokens.Unsubscribe(tenant, person.person_id, rule.category))
        unsubscribe_url = ctx.unsubscribe_url(token)
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    mail = notification_mail(
        language=language,
        name=person.display_name,
        brand=brand,
        item=item_of(ctx, rule.kind, params, link, language, brand.in_mail),
        preferences_url=ctx.preferences_url,
        unsubscribe_url=unsubscribe_url,
    )
    return await queue_mail(
        session,
        tenant,
        OutgoingMail(
            to=person.email,
            to_name=person.display_name,
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            category=f"notification.{rule.category}",
            headers=headers,
            message_id=identity.message_id("n", notification_id, ctx.mail_domain),
            not_before=not_before,
            from_name=brand.sender_name,
        ),
        table=mail_outbox,
    )


async def queue_digest_mail(
    session: AsyncSession,
    ctx: Context,
    *,
    tenant: str,
    brand: Brand,
    person,
    digest_id,
    items: list[Item],
    language: str,
) -> str:
    mail = digest_mail(
        language=language,
        name=person.display_name,
        brand=brand,
        items=items,
        preferences_url=ctx.preferences_url,
    )
    return await queue_mail(
        session,
        tenant,
        OutgoingMail(
            to=person.email,
            to_name=person.display_name,
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            category="notification.digest",
            message_id=identity.message_id("d", digest_id, ctx.mail_domain),
            from_name=brand.sender_name,
        ),
        table=mail_outbox,
    )
