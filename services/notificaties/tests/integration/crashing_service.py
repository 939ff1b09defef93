"""The notificaties service as a process for the crash test: `python crashing_service.py
CRASH_AT MARKER PORT`. With CRASH_AT `after_send` its mail sender, once it has sent a batch and
before it marks the rows sent, writes the batch's size to MARKER and hangs there; with
`after_commit` its feedback consumer does so after committing an event's notifications and before
the ack. The test then SIGKILLs it there. `never`: the plain service."""

import asyncio
import sys
from pathlib import Path

import uvicorn

from dialoog.kit.events.consumer import EventConsumer
from dialoog.kit.mail.sender import MailSender

crash_at, marker, port = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])


async def hang(what: str) -> None:
    marker.write_text(what)
    await asyncio.sleep(3600)


if crash_at == "after_send":

    async def after_send(self, rows: list) -> None:
        await hang(str(len(rows)))

    MailSender.after_send = after_send
elif crash_at == "after_commit":

    async def after_commit(self, event) -> None:
        if event.type.startswith("nl.dialoog.feedback."):
            await hang(event.id)

    EventConsumer.after_commit = after_commit

from dialoog.notificaties.main import create_app  # noqa: E402

uvicorn.run(create_app(), host="127.0.0.1", port=port, log_level="warning")
