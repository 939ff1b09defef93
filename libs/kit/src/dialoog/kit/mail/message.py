"""What a mail is before it leaves: `OutgoingMail`, its checks, its Message-ID, and the bytes that
go over SMTP. Pure: no I/O, unit-tested.

The bytes are built here, not by the SMTP client: headers are folded only where RFC 5322 allows it
(a `List-Unsubscribe` URL stays whole, never an encoded word), and a resend of a row is the same
message, Message-ID and Date included."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

# 998 is the hard line limit of RFC 5322; 78 (the default) would fold long URLs into encoded words.
WIRE_POLICY = policy.SMTP.clone(max_line_length=998)

# Headers the sender writes itself; a caller cannot set or override them through `headers`.
# There is one recipient per mail: no Cc or Bcc, ever.
RESERVED_HEADERS = frozenset(
    h.lower()
    for h in (
        "From",
        "Sender",
        "To",
        "Cc",
        "Bcc",
        "Subject",
        "Message-ID",
        "Date",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Return-Path",
        "Auto-Submitted",
    )
)
_HEADER_NAME = re.compile(r"^[!-9;-~]+$")  # printable ASCII without ':' (RFC 5322 ftext)
_MESSAGE_ID = re.compile(r"^<[^<>@\s]+@[^<>@\s]+>$")


class InvalidMail(ValueError):
    """A mail that cannot be sent as given (a programming error of the caller, raised while the
    caller's transaction is still open, so nothing half is queued)."""


@dataclass(frozen=True, kw_only=True)
class OutgoingMail:
    """One mail to one person, by keyword: `OutgoingMail(to=..., subject=..., text=...,
    category=...)`. `headers` carries extra headers (`List-Unsubscribe`,
    `List-Unsubscribe-Post`, `Reply-To`, ...); `message_id` may be fixed by the caller (it must be
    unique: a deterministic id per notification, say); `not_before` holds the mail back until then
    (the kit's clock); `from_name` replaces the display name of the configured sender."""

    to: str
    subject: str
    text: str
    category: str
    to_name: str | None = None
    html: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    message_id: str | None = None
    not_before: datetime | None = None
    from_name: str | None = None


def message_id_for(row_id: str, domain: str) -> str:
    return f"<{row_id}@{domain}>"


def new_row_id() -> str:
    return str(uuid.uuid4())


def _no_line_breaks(what: str, value: str) -> None:
    if "\r" in value or "\n" in value:
        raise InvalidMail(f"{what} may not contain a line break")


def address(addr: str, name: str | None = None) -> Address:
    """A checked address (one mailbox, no display name inside `addr`)."""
    _no_line_breaks("an address", addr)
    if name is not None:
        _no_line_breaks("a display name", name)
    try:
        parsed = Address(display_name=name or "", addr_spec=addr.strip())
    except Exception as exc:
        raise InvalidMail(f"not an e-mail address: {addr!r}") from exc
    if not parsed.username or not parsed.domain or "." not in parsed.domain.strip("."):
        raise InvalidMail(f"not an e-mail address: {addr!r}")
    return parsed


def sender_address(mail_from: str, from_name: str | None = None) -> Address:
    """`mail_from` ("Dialoog <no-reply@example.nl>" or a bare address), with the display name
    replaced by `from_name` when given."""
    name, addr = parseaddr(mail_from)
    return address(addr, from_name if from_name is not None else (name or None))


def check(mail: OutgoingMail) -> None:
    """Everything that would make the mail unsendable, before it is queued."""
    address(mail.to, mail.to_name)
    if mail.from_name is not None:
        _no_line_breaks("the sender's name", mail.from_name)
    if not mail.subject.strip():
        raise InvalidMail("a mail needs a subject")
    _no_line_breaks("the subject", mail.subject)
    if not mail.category.strip():
        raise InvalidMail("a mail needs a category")
    if mail.message_id is not None and not _MESSAGE_ID.match(mail.message_id):
        raise InvalidMail(f"not a Message-ID: {mail.message_id!r} (expected <id@domain>)")
    for name, value in mail.headers.items():
        if not _HEADER_NAME.match(name):
            raise InvalidMail(f"not a header name: {name!r}")
        if name.lower() in RESERVED_HEADERS:
            raise InvalidMail(f"the sender sets {name} itself")
        _no_line_breaks(f"header {name}", value)


@dataclass(frozen=True)
class StoredMail:
    """A mail as the outbox row holds it, which is all the sender needs."""

    message_id: str
    to_address: str
    to_name: str | None
    from_name: str | None
    subject: str
    text_body: str
    html_body: str | None
    headers: Mapping[str, str]
    created_at: datetime


def render(mail: StoredMail, mail_from: str) -> tuple[str, str, bytes]:
    """(envelope sender, recipient, message bytes with CRLF line ends)."""
    sender = sender_address(mail_from, mail.from_name)
    recipient = address(mail.to_address, mail.to_name)
    msg = EmailMessage(policy=WIRE_POLICY)
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(mail.created_at)
    msg["Message-ID"] = mail.message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
    for name, value in mail.headers.items():
        msg[name] = value
    msg.set_content(mail.text_body)
    if mail.html_body is not None:
        msg.add_alternative(mail.html_body, subtype="html")
        # From the Message-ID rather than random, so a resend is the same bytes.
        msg.set_boundary("=_dialoog_" + hashlib.sha256(mail.message_id.encode()).hexdigest()[:32])
    return sender.addr_spec, recipient.addr_spec, msg.as_bytes()
