"""Queue mail in the caller's transaction (never send directly), and the sender's SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import Table, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.mail.delivery import Result
from dialoog.kit.mail.message import OutgoingMail, StoredMail, check, message_id_for, new_row_id
from dialoog.kit.mail.tables import mail_outbox_table

# The table as every service has it (same name and columns; a service's own `mail_outbox_table`
# in its metadata is for its migrations).
MAIL_OUTBOX = mail_outbox_table(sa.MetaData())
DEFAULT_MAIL_DOMAIN = "dialoog.localhost"
MAIL_DOMAIN_KEY = "dialoog.mail_domain"


def session_info(mail_domain: str) -> dict[str, str]:
    """What `build_service_app` puts in the info of every session it makes, so `queue_mail`
    knows the Message-ID domain without a settings argument."""
    return {MAIL_DOMAIN_KEY: mail_domain}


async def queue_mail(
    session: AsyncSession,
    tenant: str,
    mail: OutgoingMail,
    *,
    domain: str | None = None,
    table: Table = MAIL_OUTBOX,
) -> str:
    """Add `mail` to the outbox in the caller's (tenant) transaction and return its Message-ID:
    `mail.message_id`, or `<row id@domain>` (the domain: `domain`, else the session's, from
    `ServiceSettings.mail_domain`). It leaves after the commit, and a resend after a crash carries
    the same Message-ID. A mail that cannot be sent raises `InvalidMail` here."""
    check(mail)
    row_id = new_row_id()
    domain = domain or session.info.get(MAIL_DOMAIN_KEY) or DEFAULT_MAIL_DOMAIN
    message_id = mail.message_id or message_id_for(row_id, domain)
    await session.execute(
        insert(table).values(
            id=row_id,
            tenant_id=tenant,
            message_id=message_id,
            category=mail.category,
            to_address=mail.to.strip(),
            to_name=mail.to_name,
            from_name=mail.from_name,
            subject=mail.subject,
            text_body=mail.text,
            html_body=mail.html,
            headers=dict(mail.headers),
            not_before=mail.not_before,
        )
    )
    return message_id


class MailOutboxRepository:
    """The sender's SQL: claim due rows (FOR UPDATE SKIP LOCKED, so two senders never send the same
    row at once) and record what became of them, in the transaction that claimed them. Across
    tenants: call it in a platform transaction."""

    def __init__(self, table: Table = MAIL_OUTBOX) -> None:
        self.table = table

    def _due(self, now: datetime):
        t = self.table
        return (
            t.c.sent_at.is_(None),
            t.c.failed_at.is_(None),
            or_(t.c.not_before.is_(None), t.c.not_before <= now),
        )

    async def claim(self, session: AsyncSession, limit: int, now: datetime) -> list:
        t = self.table
        rows = await session.execute(
            select(t.c.id, t.c.attempts, *_stored_columns(t))
            .where(*self._due(now))
            .order_by(t.c.created_at, t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(rows)

    async def record(
        self,
        session: AsyncSession,
        rows: Sequence,
        results: Sequence[Result],
        now: datetime,
        next_attempt: dict[str, datetime],
    ) -> None:
        """`sent`: sent_at, and the bodies cleared; `failed`: failed_at; `retry`: not before
        `next_attempt[message_id]`. Every attempt counts, with its error."""
        t = self.table
        by_id = {row.message_id: row for row in rows}
        sent = [by_id[r.message_id].id for r in results if r.outcome == "sent"]
        if sent:
            await session.execute(
                update(t)
                .where(t.c.id.in_(sent))
                .values(
                    sent_at=func.now(),
                    attempts=t.c.attempts + 1,
                    last_error=None,
                    text_body=None,
                    html_body=None,
                )
            )
        for r in results:
            if r.outcome == "sent":
                continue
            values = {"attempts": t.c.attempts + 1, "last_error": r.error}
            if r.outcome == "failed":
                values["failed_at"] = func.now()
            else:
                values["not_before"] = next_attempt[r.message_id]
            await session.execute(update(t).where(t.c.id == by_id[r.message_id].id).values(**values))

    async def pending(self, session: AsyncSession) -> int:
        """Neither sent nor given up (due now or later)."""
        t = self.table
        return (
            await session.execute(select(func.count()).where(t.c.sent_at.is_(None), t.c.failed_at.is_(None)))
        ).scalar_one()


def _stored_columns(t: Table):
    return (
        t.c.message_id,
        t.c.to_address,
        t.c.to_name,
        t.c.from_name,
        t.c.subject,
        t.c.text_body,
        t.c.html_body,
        t.c.headers,
        t.c.created_at,
    )


def stored(row) -> StoredMail:
    return StoredMail(
        message_id=row.message_id,
        to_address=row.to_address,
        to_name=row.to_name,
        from_name=row.from_name,
        subject=row.subject,
        text_body=row.text_body or "",
        html_body=row.html_body,
        headers=row.headers or {},
        created_at=row.created_at,
    )
