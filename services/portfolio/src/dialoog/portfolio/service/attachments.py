"""Attachments in the portfolio: the employee or the manager adds files to the open period (PDF,
PNG, JPEG, DOCX, ODT, recognised by content, at most 10 MiB); whoever may read the portfolio may
download them. Every read and write is audited. Never commits."""

from __future__ import annotations

import hashlib
from datetime import date
from uuid import UUID

from dialoog.kit.errors import Problem, Text
from dialoog.kit.problems import not_found, problem
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.domain.attachments import ACCEPTED, MAX_BYTES, safe_filename, sniff
from dialoog.portfolio.persistence.attachments import AttachmentRepository
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.auditing import audit
from dialoog.portfolio.service.periods import writable_period


def _refused(content: bytes) -> Problem | None:
    if not content:
        return problem("attachment-empty", Text("Het bestand is leeg.", "The file is empty."))
    if len(content) > MAX_BYTES:
        return problem(
            "attachment-too-large",
            Text(
                f"Een bijlage is hoogstens {MAX_BYTES} bytes.", f"An attachment is at most {MAX_BYTES} bytes."
            ),
            max_bytes=MAX_BYTES,
        )
    return None


async def add(session, principal, employee: UUID, content: bytes, filename: str | None, today: date, origin):
    _access, period, _definition = await writable_period(session, principal, employee, today)
    refused = _refused(content)
    if refused:
        raise refused
    media_type = sniff(content)
    if media_type is None:
        raise problem(
            "attachment-type",
            Text(
                "Alleen PDF, PNG, JPEG, DOCX en ODT; de inhoud van dit bestand is geen van deze.",
                "Only PDF, PNG, JPEG, DOCX and ODT; this file's content is none of them.",
            ),
            accepted=list(ACCEPTED),
        )
    row = await AttachmentRepository(session).add(
        principal.tenant,
        {
            "period_id": period.id,
            "filename": safe_filename(filename, media_type),
            "media_type": media_type,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "content": content,
            "uploaded_by": principal.username,
        },
    )
    await audit(session, principal, "create", "attachment", row.id, origin=origin)
    return row


async def download(session, principal, attachment_id: UUID, origin) -> tuple[object, bytes]:
    repo = AttachmentRepository(session)
    row = await repo.get(attachment_id)
    if row is None:
        raise not_found("portfolio-not-found")
    await resolve(session, principal, row.employee_id, Action.READ)
    content = await repo.content(attachment_id)
    await audit(session, principal, "read", "attachment", attachment_id, origin=origin)
    return row, content
