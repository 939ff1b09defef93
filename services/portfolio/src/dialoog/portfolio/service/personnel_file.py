"""The personnel file export for an access request (AVG art. 15)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal
from dialoog.kit.problems import forbidden
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.persistence.assessments import AssessmentRepository
from dialoog.portfolio.persistence.attachments import AttachmentRepository
from dialoog.portfolio.persistence.audit import AuditRepository
from dialoog.portfolio.persistence.competencies import CompetencyRepository
from dialoog.portfolio.persistence.decisions import DecisionRepository
from dialoog.portfolio.persistence.feedback import FeedbackRepository
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.persistence.salary_letters import SalaryLetterRepository
from dialoog.portfolio.service import objecting
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.auditing import audit
from dialoog.portfolio.service.salary_letters import FETCHED, NOT_FETCHED, SalarisLetters, letter_title

DOSSIER_TEMPLATE = (Path(__file__).resolve().parent.parent / "documents" / "dossier.typ").read_text()


async def export(
    session: AsyncSession,
    principal: Principal,
    employee: UUID,
    now: datetime,
    origin,
    salaris: SalarisLetters | None = None,
) -> bytes:
    """The whole personnel file of one employee for an access request (AVG art. 15): a ZIP with a
    readable PDF and the complete JSON, including who read or changed it. Salary decision letters
    are fetched from `salaris` with the caller's own token; one it does not hand over is noted as
    not fetched, and the export still succeeds."""
    import io
    import json
    import zipfile

    from dialoog.kit.documents import render_pdf
    from dialoog.portfolio.domain.access import Relation

    access = await resolve(session, principal, employee, Action.READ)
    if not access.found & {Relation.SELF, Relation.HR}:
        raise forbidden(
            "Een inzageverzoek doet de medewerker zelf, of HR voor de medewerker.",
            "An access request is made by the employee, or by HR for them.",
        )
    repo = PortfolioRepository(session)
    periods, object_ids = [], {str(employee)}
    files: dict[str, bytes] = {}  # beside the PDF and JSON: letters and attachments
    for period in await repo.periods_of(employee):
        agreements = [dict(r._mapping) for r in await repo.agreements_of(period.id)]
        talks = [dict(r._mapping) for r in await repo.talks_of(period.id)]
        reactions = [dict(r._mapping) for r in await repo.reactions_of(period.id)]
        chosen = [dict(r._mapping) for r in await CompetencyRepository(session).of_period(period.id)]
        attached = [dict(r._mapping) for r in await AttachmentRepository(session).of_period(period.id)]
        for a in attached:
            a["file"] = f"bijlagen/{a['id']}-{a['filename']}"
            files[a["file"]] = await AttachmentRepository(session).content(a["id"])
        object_ids |= {str(period.id)} | {
            str(x["id"]) for x in agreements + talks + reactions + chosen + attached
        }
        periods.append(
            {
                **{k: v for k, v in period._mapping.items() if k != "snapshot"},
                "agreements": agreements,
                "talks": talks,
                "reactions": reactions,
                "competencies": chosen,
                "attachments": attached,
            }
        )
    # Decisions on agreements are in the personnel file, each with its letter beside the PDF.
    decisions = []
    for row in await DecisionRepository(session).of_employee(employee):
        decisions.append(dict(row._mapping))
        object_ids.add(str(row.id))
        if row.status == "established":
            files[f"besluiten/besluit-{row.id}.pdf"] = await DecisionRepository(session).letter(row.id)
    # Assessment talks with their objections, each established one with its letter beside the PDF.
    assessments = await objecting.listed(
        session, await AssessmentRepository(session).of_employee(employee), "assessment"
    )
    for item in assessments:
        object_ids |= {str(item["id"])} | {str(o["id"]) for o in item["objections"]}
        item["file"] = None
        if item["status"] == "established":
            item["file"] = f"beoordelingen/beoordeling-{item['id']}.pdf"
            files[item["file"]] = await AssessmentRepository(session).letter(item["id"])
    # Salary decision letters: the record is here, each PDF is fetched from salaris.
    salary_letters = [dict(r._mapping) for r in await SalaryLetterRepository(session).of_employee(employee)]
    fetch = salaris.pdf if salaris is not None else _not_fetched
    pdfs = await asyncio.gather(*(fetch(s["decision_id"], s["letter_id"]) for s in salary_letters))
    for letter, pdf in zip(salary_letters, pdfs, strict=True):
        object_ids.add(str(letter["letter_id"]))
        letter["title"] = letter_title(letter)
        letter["file"] = None if pdf is None else f"salarisbesluiten/salarisbesluit-{letter['letter_id']}.pdf"
        letter["status"] = NOT_FETCHED if pdf is None else FETCHED
        if pdf is not None:
            files[letter["file"]] = pdf
    feedback = [dict(r._mapping) for r in await FeedbackRepository(session).of_employee(employee)]
    object_ids |= {str(f["feedback_id"]) for f in feedback}
    audit_rows = [dict(r._mapping) for r in await AuditRepository(session).entries_about(object_ids)]
    data = {
        "generated_at": now.isoformat(timespec="seconds"),
        "tenant": principal.tenant,
        "employee_id": str(employee),
        "periods": periods,
        "decisions": decisions,
        "assessments": assessments,
        "salary_letters": salary_letters,
        "feedback": feedback,
        "audit": audit_rows,
    }
    data = json.loads(json.dumps(data, default=str))
    pdf = await asyncio.to_thread(render_pdf, DOSSIER_TEMPLATE, data)  # CPU work off the event loop
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dossier.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("dossier.pdf", pdf)
        for name, content in files.items():
            archive.writestr(name, content)
    await audit(session, principal, "export", "portfolio", employee, origin=origin)
    return buffer.getvalue()


async def _not_fetched(*_) -> None:
    return None
