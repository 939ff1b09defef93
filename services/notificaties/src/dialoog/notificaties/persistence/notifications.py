"""All SQL about notifications (the in-app items) and the state of their e-mail."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.pagination import PageRequest, keyset
from dialoog.notificaties.persistence.tables import notification_emails, notifications


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, tenant: str, values: dict) -> bool:
        """The notification, unless this event already made one for this recipient (False then)."""
        made = await self.session.execute(
            insert(notifications)
            .values(tenant_id=tenant, **values)
            .on_conflict_do_nothing(constraint="uq_notifications_event_recipient")
            .returning(notifications.c.id)
        )
        return made.first() is not None

    async def add_email(self, tenant: str, values: dict) -> None:
        await self.session.execute(
            insert(notification_emails).values(tenant_id=tenant, **values).on_conflict_do_nothing()
        )

    # --- the inbox ------------------------------------------------------------------------------
    async def page(self, recipient: UUID, unread: bool | None, page: PageRequest) -> list:
        t = notifications
        stmt = select(t).where(t.c.recipient_id == recipient)
        if unread is True:
            stmt = stmt.where(t.c.read_at.is_(None))
        elif unread is False:
            stmt = stmt.where(t.c.read_at.is_not(None))
        return list(await self.session.execute(keyset(stmt, [t.c.created_at, t.c.id], page, descending=True)))

    async def unread(self, recipient: UUID) -> int:
        t = notifications
        return (
            await self.session.execute(
                select(func.count()).where(t.c.recipient_id == recipient, t.c.read_at.is_(None))
            )
        ).scalar_one()

    async def get(self, recipient: UUID, notification: UUID):
        t = notifications
        return (
            await self.session.execute(select(t).where(t.c.id == notification, t.c.recipient_id == recipient))
        ).first()

    async def mark_read(self, recipient: UUID, notification: UUID, at: datetime):
        t = notifications
        await self.session.execute(
            update(t)
            .where(t.c.id == notification, t.c.recipient_id == recipient, t.c.read_at.is_(None))
            .values(read_at=at)
        )
        return await self.get(recipient, notification)

    async def mark_all_read(self, recipient: UUID, at: datetime) -> int:
        t = notifications
        done = await self.session.execute(
            update(t).where(t.c.recipient_id == recipient, t.c.read_at.is_(None)).values(read_at=at)
        )
        return done.rowcount or 0

    # --- digests --------------------------------------------------------------------------------
    async def held_due(self, now: datetime) -> list:
        """Held e-mails whose digest is due, with their notification, oldest first, locked."""
        e, n = notification_emails, notifications
        rows = await self.session.execute(
            select(
                e.c.notification_id,
                e.c.recipient_id,
                e.c.due_at,
                n.c.kind,
                n.c.params,
                n.c.link,
                n.c.created_at,
            )
            .join(n, n.c.id == e.c.notification_id)
            .where(e.c.state == "held", e.c.due_at <= now)
            .order_by(e.c.recipient_id, n.c.created_at, n.c.id)
            .with_for_update(of=e, skip_locked=True)
        )
        return list(rows)

    async def mark_digested(self, ids: list[UUID], digest: UUID, message_id: str) -> None:
        e = notification_emails
        await self.session.execute(
            update(e)
            .where(e.c.notification_id.in_(ids), e.c.state == "held")
            .values(state="digested", digest_id=digest, message_id=message_id)
        )

    async def email_states(self, recipient: UUID) -> list:
        e = notification_emails
        return list(await self.session.execute(select(e).where(e.c.recipient_id == recipient)))
