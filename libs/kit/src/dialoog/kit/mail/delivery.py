"""What one attempt to send a mail came to, and when to try again. Pure, unit-tested.

A mail is given up only when the server refused it for what it is (a 5xx answer to its recipient
or to its content). Everything else (the server unreachable, a timeout, a 4xx, a refused login or
sender, which are the configuration's fault and not the mail's) is tried again, with a delay that
doubles up to a ceiling, and never given up: nothing is lost while the relay is away."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import aiosmtplib

Outcome = Literal["sent", "retry", "failed"]


@dataclass(frozen=True)
class Result:
    message_id: str
    outcome: Outcome
    error: str | None = None


def describe(exc: BaseException) -> str:
    """A short line for `last_error` and the log: the SMTP code and text, never the mail."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        return "; ".join(describe(e) for e in exc.recipients) or "recipients refused"
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {exc.code} {exc.message}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


def _permanent(code: int) -> bool:
    return 500 <= code < 600


def classify(exc: BaseException) -> Outcome:
    """`failed` for a permanent refusal of this mail (or an address the client itself cannot
    send to), else `retry`."""
    if isinstance(exc, ValueError | aiosmtplib.SMTPNotSupported):
        return "failed"
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        return "failed" if exc.recipients and all(_permanent(e.code) for e in exc.recipients) else "retry"
    if isinstance(exc, aiosmtplib.SMTPRecipientRefused | aiosmtplib.SMTPDataError):
        return "failed" if _permanent(exc.code) else "retry"
    return "retry"


def connection_lost(exc: BaseException) -> bool:
    """After this the connection cannot carry the next mail of the batch."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused | aiosmtplib.SMTPRecipientRefused):
        return False
    return not isinstance(exc, aiosmtplib.SMTPDataError | aiosmtplib.SMTPNotSupported | ValueError)


def retry_delay(attempts: int, base_seconds: float, max_seconds: float) -> timedelta:
    """The wait after the `attempts`-th failed attempt (1, 2, ...): base, 2x base, 4x base, ...
    up to `max_seconds`."""
    exponent = min(max(attempts, 1) - 1, 30)
    return timedelta(seconds=min(base_seconds * (2**exponent), max_seconds))
