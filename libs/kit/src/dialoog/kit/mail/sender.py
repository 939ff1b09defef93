"""The mail sender: sends committed mail outbox rows over SMTP and records what became of each in
the transaction that claimed them (FOR UPDATE SKIP LOCKED, so two senders never send the same row
at once). It reads across tenants in platform mode, as the event relay does. Wakes on
LISTEN/NOTIFY, and polls as a safety net (and for mail held back by `not_before` or a retry).

A crash anywhere is safe: before the send nothing left, the claim rolls back and the row is sent
later; after the send and before the mark, the row is sent again, as the same message with the
same Message-ID (at least once; ADR 0021)."""

from __future__ import annotations

import logging
from collections import Counter

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from dialoog.kit import clock
from dialoog.kit.db import platform_transaction
from dialoog.kit.mail.delivery import Result, describe, retry_delay
from dialoog.kit.mail.message import render
from dialoog.kit.mail.outbox import MAIL_OUTBOX, MailOutboxRepository, stored
from dialoog.kit.mail.smtp import Envelope, MailConfig, SmtpTransport
from dialoog.kit.mail.tables import NOTIFY_CHANNEL
from dialoog.kit.notified_loop import NotifiedLoop

log = logging.getLogger(__name__)


class MailSender(NotifiedLoop):
    name = "mail sender"

    def __init__(
        self,
        engine: AsyncEngine,
        database_url: str,
        config: MailConfig,
        table: Table = MAIL_OUTBOX,
    ) -> None:
        super().__init__(database_url, NOTIFY_CHANNEL, config.poll_interval)
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.config = config
        self.repository = MailOutboxRepository(table)
        self.transport = SmtpTransport(config)
        self.counts: Counter[str] = Counter()  # sent, retry, failed: since the start

    # Hooks for crash tests (dialoog.testing.mail_processes); no-ops here.
    async def before_send(self, rows: list) -> None:
        return None

    async def after_send(self, rows: list) -> None:
        return None

    def _envelopes(self, rows: list) -> tuple[list[Envelope], list[Result]]:
        envelopes, unsendable = [], []
        for row in rows:
            try:
                sender, recipient, data = render(stored(row), self.config.mail_from)
            except Exception as exc:  # checked when queued; a row written by hand may still be wrong
                unsendable.append(Result(row.message_id, "failed", describe(exc)))
            else:
                envelopes.append(Envelope(row.message_id, sender, recipient, data))
        return envelopes, unsendable

    async def send_once(self) -> int:
        """Send one batch of due mail. Returns how many rows it took (sent or not)."""
        async with platform_transaction(self.sessions) as session:
            now = clock.now()
            rows = await self.repository.claim(session, self.config.batch_size, now)
            if not rows:
                return 0
            envelopes, results = self._envelopes(rows)
            await self.before_send(rows)
            results += await self.transport.deliver(envelopes)
            await self.after_send(rows)
            attempts = {row.message_id: row.attempts + 1 for row in rows}
            next_attempt = {
                r.message_id: now
                + retry_delay(
                    attempts[r.message_id], self.config.retry_base_seconds, self.config.retry_max_seconds
                )
                for r in results
                if r.outcome == "retry"
            }
            await self.repository.record(session, rows, results, now, next_attempt)
        outcomes = Counter(r.outcome for r in results)
        self.counts.update(outcomes)
        for r in results:  # the Message-ID and the server's answer, never the address
            if r.outcome == "failed":
                log.error("mail %s: given up (%s)", r.message_id, r.error)
        retried = Counter(r.error for r in results if r.outcome == "retry")
        for error, count in retried.items():  # one line per cause, not one per mail of an outage
            log.warning("mail sender: %d mail(s) not sent, tried again later: %s", count, error)
        return len(rows)

    async def once(self) -> int:
        return await self.send_once()
