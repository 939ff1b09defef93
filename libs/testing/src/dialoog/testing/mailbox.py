"""Read what an SMTP sink received (`dialoog.devstack.smtpsink`: one .eml file per message in a
folder) as `email.message.EmailMessage`s, and wait for mail to arrive.

    mailbox = Mailbox(dialoog_stack.mail_dir)   # or the `mailbox` fixture
    invitation = await mailbox.wait_for("extern@voorbeeld.nl")
    link = invitation.get_body(("plain",)).get_content()
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path


def recipients(message: EmailMessage) -> list[str]:
    return [addr.lower() for _, addr in getaddresses(message.get_all("To", []))]


class Mailbox:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def files(self) -> list[Path]:
        if not self.directory.exists():
            return []
        return sorted(self.directory.glob("*.eml"))  # named by arrival time (ns): in arrival order

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        """Every message received, in arrival order; to `to` only when given."""
        out = []
        for path in self.files():
            # In local line ends, as a mail client reads it (SMTP's are CRLF).
            data = path.read_bytes().replace(b"\r\n", b"\n")
            message = message_from_bytes(data, policy=policy.default)
            assert isinstance(message, EmailMessage)
            if to is None or to.lower() in recipients(message):
                out.append(message)
        return out

    def by_message_id(self, to: str | None = None) -> dict[str, list[EmailMessage]]:
        """Message-ID -> the copies received under it (more than one: sent again after a crash)."""
        out: dict[str, list[EmailMessage]] = {}
        for message in self.messages(to):
            out.setdefault(str(message["Message-ID"]), []).append(message)
        return out

    async def wait_until(
        self, condition: Callable[[list[EmailMessage]], bool], within: float = 30, what: str = "mail"
    ) -> list[EmailMessage]:
        """Poll until `condition(messages)` holds (for `within` seconds); the messages then."""
        deadline = time.monotonic() + within
        while True:
            messages = self.messages()
            if condition(messages):
                return messages
            if time.monotonic() > deadline:
                got = [(recipients(m), str(m["Subject"])) for m in messages][-10:]
                raise AssertionError(f"timed out after {within}s waiting for {what}; last received: {got}")
            await asyncio.sleep(0.1)

    async def wait_for(self, to: str, count: int = 1, within: float = 30) -> EmailMessage:
        """The latest message to `to`, once at least `count` have arrived."""
        await self.wait_until(
            lambda ms: sum(to.lower() in recipients(m) for m in ms) >= count,
            within,
            f"{count} mail(s) to {to}",
        )
        return self.messages(to)[-1]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    return part.get_content() if part is not None else ""


def html_of(message: EmailMessage) -> str | None:
    part = message.get_body(("html",))
    return part.get_content() if part is not None else None
