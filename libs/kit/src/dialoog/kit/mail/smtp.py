"""Sending a batch of rendered mails over one SMTP connection (aiosmtplib): plain (the dev sink),
STARTTLS or implicit TLS, with or without a login, as the settings say."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import aiosmtplib

from dialoog.kit.mail.delivery import Result, classify, connection_lost, describe
from dialoog.kit.mail.message import sender_address
from dialoog.kit.settings import ServiceSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailConfig:
    smtp_host: str
    smtp_port: int
    mail_from: str
    starttls: bool = False
    implicit_tls: bool = False
    username: str | None = None
    password: str | None = None
    validate_certs: bool = True
    ca_file: str | None = None
    timeout_seconds: float = 30.0
    batch_size: int = 50
    retry_base_seconds: float = 5.0
    retry_max_seconds: float = 3600.0
    poll_interval: float = 1.0

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> MailConfig:
        config = cls(
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            mail_from=settings.mail_from,
            starttls=settings.smtp_starttls,
            implicit_tls=settings.smtp_implicit_tls,
            username=settings.smtp_username,
            password=settings.smtp_password,
            validate_certs=settings.smtp_validate_certs,
            ca_file=settings.smtp_ca_file,
            timeout_seconds=settings.smtp_timeout_seconds,
            batch_size=settings.mail_batch_size,
            retry_base_seconds=settings.mail_retry_base_seconds,
            retry_max_seconds=settings.mail_retry_max_seconds,
        )
        sender_address(config.mail_from)  # a wrong sender stops the start, not every mail
        return config


@dataclass(frozen=True)
class Envelope:
    message_id: str
    sender: str
    recipient: str
    data: bytes


class SmtpTransport:
    def __init__(self, config: MailConfig) -> None:
        self.config = config

    def _client(self) -> aiosmtplib.SMTP:
        c = self.config
        return aiosmtplib.SMTP(
            hostname=c.smtp_host,
            port=c.smtp_port,
            username=c.username,
            password=c.password,
            use_tls=c.implicit_tls,
            start_tls=c.starttls,  # never opportunistic: False means plain, True means required
            validate_certs=c.validate_certs,
            cert_bundle=c.ca_file,
            timeout=c.timeout_seconds,
        )

    async def deliver(self, envelopes: Sequence[Envelope]) -> list[Result]:
        """One result per envelope, in order. A connection that cannot be made, or that breaks,
        makes the rest `retry`; a mail refused for itself does not stop the others."""
        results: list[Result] = []
        client = self._client()
        try:
            await client.connect()  # with STARTTLS and the login, as configured
        except Exception as exc:
            error = f"connect to {self.config.smtp_host}:{self.config.smtp_port}: {describe(exc)}"
            return [Result(e.message_id, "retry", error) for e in envelopes]
        try:
            for index, envelope in enumerate(envelopes):
                try:
                    await client.sendmail(envelope.sender, [envelope.recipient], envelope.data)
                except Exception as exc:
                    results.append(Result(envelope.message_id, classify(exc), describe(exc)))
                    if connection_lost(exc):
                        error = f"connection lost: {describe(exc)}"
                        results.extend(Result(e.message_id, "retry", error) for e in envelopes[index + 1 :])
                        break
                else:
                    results.append(Result(envelope.message_id, "sent"))
        finally:
            try:
                await client.quit()
            except Exception:
                client.close()
        return results
