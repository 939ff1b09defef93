"""Use cases of the portfolio. Never commits; every read and write is audited in the same
transaction; events go through the outbox."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.cycle.schema import CycleDefinition
from dialoog.contracts.cycle.versions import Version, effective_on
from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.portfolio import (
    AgreementConfirmed,
    ConclusionRecorded,
    DecisionNeeded,
    ImprovementPlanOpened,
    PeriodLocked,
    ReactionAdded,
    TalkRecorded,
)
from dialoog.kit import clock
from dialoog.kit.auth import Principal
from dialoog.kit.concurrency import stale_version
from dialoog.kit.errors import Problem
from dialoog.kit.problems import conflict, forbidden, invalid_field, not_found, problem
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.domain.periods import age_on, period_bounds
from dialoog.portfolio.domain.snapshot import snapshot_hash
from dialoog.portfolio.domain.talks import RuleBroken, TalkRequest, check_talk, opens_improvement_plan
from dialoog.portfolio.persistence.assessments import AssessmentRepository
from dialoog.portfolio.persistence.attachments import AttachmentRepository
from dialoog.portfolio.persistence.audit import AuditRepository
from dialoog.portfolio.persistence.competencies import CompetencyRepository
from dialoog.portfolio.persistence.decisions import DecisionRepository
from dialoog.portfolio.persistence.events import outbox
from dialoog.portfolio.persistence.feedback import FeedbackRepository
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.persistence.projections import ProjectionRepository
from dialoog.portfolio.persistence.salary_letters import SalaryLetterRepository
from dialoog.portfolio.service.access import Access, resolve
from dialoog.portfolio.service.salary_letters import FETCHED, NOT_FETCHED, SalarisLetters, letter_title

PURPOSE = "HR-gesprekscyclus (personeelsdossier)"
OBJECTION_WEEKS = 6  # Awb art. 6:7, for the formal decisions on agreements
DOSSIER_TEMPLATE = (Path(__file__).resolve().parent.parent / "documents" / "dossier.typ").read_text()


def period_locked() -> Problem:
    return conflict(
        "period-locked",
        "Na het definitieve moment kan alleen nog een reactie worden toegevoegd.",
        "After the definitive moment only a reaction can be added.",
    )


async def audit(
    session: AsyncSession,
    principal: Principal,
    action: str,
    object_type: str,
    object_id,
    result: str = "ok",
    origin: str | None = None,
) -> None:
    await AuditRepository(session).append_for(
        principal, action, object_type, object_id, origin=origin, result=result, purpose=PURPOSE
    )


async def audit_event(
    session: AsyncSession, event: CloudEvent, actor: str, object_type: str, object_id
) -> None:
    """A write that arrived as another service's event, audited with that service as the actor."""
    await AuditRepository(session).append(
        event.tenant,
        actor=actor,
        action="create",
        object_type=object_type,
        object_id=str(object_id),
        result="ok",
        origin=f"event:{event.id}",
        purpose=PURPOSE,
    )


async def definition_of(session: AsyncSession, version: int) -> CycleDefinition:
    definition = await ProjectionRepository(session).cycle_version(version)
    if definition is None:
        raise problem("cycle-unknown")
    return definition


async def current_period(
    session: AsyncSession, tenant: str, employee: UUID, today: date, versions: list[Version] | None = None
) -> tuple[Any, CycleDefinition]:
    """The period covering today and its cycle definition. The period is opened on first use with
    the cycle version in force at its start (work already started stays on that version).
    `versions`: the tenant's cycle versions when the caller has them already."""
    if versions is None:
        versions = await ProjectionRepository(session).cycle_versions()
    if not versions:
        raise problem("cycle-unknown")
    latest_today = effective_on(versions, today) or versions[0]
    start, end = period_bounds(today, latest_today.definition.period_months)
    version = effective_on(versions, start) or min(versions, key=lambda v: v.number)
    period = await PortfolioRepository(session).open_period(tenant, employee, start, end, version.number)
    definition = next((v.definition for v in versions if v.number == period.cycle_version), None)
    if definition is None:
        raise problem("cycle-unknown")
    return period, definition


async def view(
    session: AsyncSession, principal: Principal, employee: UUID, today: date, origin: str | None
) -> dict:
    access = await resolve(session, principal, employee, Action.READ)
    period, definition = await current_period(session, principal.tenant, employee, today)
    repo = PortfolioRepository(session)
    result = {
        "employee_id": employee,
        "relation": sorted(access.found),
        "may_lock": bool(
            access.role in definition.definitive_moment.locked_by and access.found & {"self", "manager"}
        ),
        "cycle": definition.model_dump(mode="json"),
        "prompted_topics": {
            t.key: [
                topic.key
                for topic in definition.topics_to_prompt(
                    t.key, age_on(access.person.date_of_birth if access.person else None, today)
                )
            ]
            for t in definition.talk_types
        },
        "period": period._mapping,
        "agreements": [r._mapping for r in await repo.agreements_of(period.id)],
        "talks": [r._mapping for r in await repo.talks_of(period.id)],
        "reactions": [r._mapping for r in await repo.reactions_of(period.id)],
        "competencies": [r._mapping for r in await CompetencyRepository(session).of_period(period.id)],
        "attachments": [r._mapping for r in await AttachmentRepository(session).of_period(period.id)],
        # The feedback archive is the employee's, across periods (read-only).
        "feedback": [r._mapping for r in await FeedbackRepository(session).of_employee(employee)],
        # Salary decision letters sent by salaris, across periods (the PDF stays in salaris).
        "salary_letters": [r._mapping for r in await SalaryLetterRepository(session).of_employee(employee)],
    }
    await audit(session, principal, "read", "portfolio", employee, origin=origin)
    return result


async def team(session: AsyncSession, principal: Principal, today: date) -> list[dict]:
    """The caller's reports with, per person, the last talk, open agreements, and what the cycle
    still expects this period (talk types below their minimum, with their labels)."""
    projections = ProjectionRepository(session)
    me = await projections.person_id_for(principal)
    if me is None:
        return []
    repo = PortfolioRepository(session)
    versions = await projections.cycle_versions()
    if not versions:
        return []
    periods = [
        await current_period(session, principal.tenant, employee, today, versions)
        for employee in await projections.reports_of(me)
    ]
    ids = [period.id for period, _ in periods]
    talks_of, agreements_of = await repo.talks_of_periods(ids), await repo.agreements_of_periods(ids)
    rows = []
    for period, definition in periods:
        held, agreements = talks_of[period.id], agreements_of[period.id]
        counts = {t.key: sum(1 for h in held if h.type == t.key) for t in definition.talk_types}
        expected = [t for t in definition.talk_types if counts[t.key] < t.per_period.min]
        rows.append(
            {
                "employee_id": period.employee_id,
                "period_id": period.id,
                "status": period.status,
                "last_talk": max((h.held_on for h in held), default=None),
                "open_agreements": sum(
                    1 for a in agreements if not (a.confirmed_by_employee and a.confirmed_by_manager)
                ),
                "agreements": len(agreements),
                "expected": [t.key for t in expected],
                "expected_labels": {t.key: t.label.model_dump() for t in expected},
            }
        )
    await audit(session, principal, "read", "team", me)
    return rows


async def talk_reports(
    session: AsyncSession, principal: Principal, employee: UUID, today: date, origin
) -> dict:
    """The talk reports of the running period: also for the director of the employee's department
    when the cycle says so (Heemstede), who sees no agreements or reactions."""
    period, definition = await current_period(session, principal.tenant, employee, today)
    await resolve(
        session,
        principal,
        employee,
        Action.READ_REPORTS,
        director_reads_reports=definition.read_access.director_reads_talk_reports,
    )
    talks = [r._mapping for r in await PortfolioRepository(session).talks_of(period.id)]
    await audit(session, principal, "read", "talk_reports", employee, origin=origin)
    return {"employee_id": employee, "period": period._mapping, "talks": talks}


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
    from dialoog.portfolio.service import objecting  # (it imports this module)

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


async def writable_period(
    session: AsyncSession, principal: Principal, employee: UUID, today: date
) -> tuple[Access, Any, CycleDefinition]:
    """The caller's access, the open period covering today and its cycle definition."""
    access = await resolve(session, principal, employee, Action.WRITE)
    period, definition = await current_period(session, principal.tenant, employee, today)
    if period.status != "open":
        raise period_locked()
    return access, period, definition


async def add_agreement(session, principal, employee: UUID, values: dict, today: date, origin: str | None):
    access, period, _definition = await writable_period(session, principal, employee, today)
    row = await PortfolioRepository(session).add_agreement(
        principal.tenant,
        {
            **values,
            "period_id": period.id,
            "written_by": principal.username,
            "confirmed_by_employee": access.role == "employee",
            "confirmed_by_manager": access.role == "manager",
        },
    )
    await audit(session, principal, "create", "agreement", row.id, origin=origin)
    return row


async def _agreement_to_write(session, principal, agreement_id: UUID):
    """The agreement's repository, period and the caller's access, for a write in an open period."""
    repo = PortfolioRepository(session)
    current = await repo.agreement(agreement_id)
    if current is None:
        raise not_found("portfolio-not-found")
    period = await repo.period(current.period_id)
    access = await resolve(session, principal, period.employee_id, Action.WRITE)
    if period.status != "open":
        raise period_locked()
    return repo, period, access


async def change_agreement(session, principal, agreement_id: UUID, expected: int, values: dict, origin):
    repo, _period, access = await _agreement_to_write(session, principal, agreement_id)
    decision = await DecisionRepository(session).of_agreement(agreement_id)
    if decision is not None and decision.status == "established":
        raise conflict(
            "decision-established",
            "Over deze afspraak is een besluit genomen; maak een nieuwe afspraak.",
            "A decision was made on this agreement; make a new agreement instead.",
        )
    # A change needs both to confirm again.
    row = await repo.update_agreement(
        agreement_id,
        expected,
        {
            **values,
            "confirmed_by_employee": access.role == "employee",
            "confirmed_by_manager": access.role == "manager",
        },
    )
    if row is None:
        raise stale_version()
    await audit(session, principal, "update", "agreement", agreement_id, origin=origin)
    return row


async def confirm_agreement(session, principal, agreement_id: UUID, expected: int, origin):
    repo, period, access = await _agreement_to_write(session, principal, agreement_id)
    field = "confirmed_by_employee" if access.role == "employee" else "confirmed_by_manager"
    row = await repo.update_agreement(agreement_id, expected, {field: True})
    if row is None:
        raise stale_version()
    if row.confirmed_by_employee and row.confirmed_by_manager:
        await outbox.add(
            session,
            principal.tenant,
            AgreementConfirmed(
                agreement_id=row.id,
                period_id=period.id,
                employee_id=period.employee_id,
                kind=row.kind,
                legal_consequences=row.legal_consequences,
            ),
        )
        if row.legal_consequences:
            # Legal consequences always lead to a formal decision (seed 001 point 2): it waits for
            # the manager or HR in the personnel file (service/decisions.py).
            await DecisionRepository(session).needed(
                principal.tenant, period.employee_id, row.id, OBJECTION_WEEKS
            )
            await outbox.add(
                session,
                principal.tenant,
                DecisionNeeded(agreement_id=row.id, period_id=period.id, employee_id=period.employee_id),
            )
    await audit(session, principal, "confirm", "agreement", agreement_id, origin=origin)
    return row


async def record_talk(session, principal, employee: UUID, body: dict, today: date, origin):
    access, period, definition = await writable_period(session, principal, employee, today)
    repo = PortfolioRepository(session)
    request = TalkRequest(
        type=body["type"],
        initiated_by=body["initiated_by"],
        recorded_by=access.role,
        fields=body.get("fields", {}),
        topics=tuple(body.get("topics", [])),
        conclusion=body.get("conclusion"),
        reward_advice=body.get("reward_advice"),
    )
    if (request.conclusion or request.reward_advice) and access.role != "manager":
        raise forbidden(
            "Alleen de leidinggevende stelt de conclusie en het beloningsadvies vast.",
            "Only the manager establishes the conclusion and the reward advice.",
        )
    try:
        check_talk(definition, request, await repo.count_talks(period.id, request.type))
    except RuleBroken as broken:
        raise invalid_field(f"body.{broken.field}", broken.nl, broken.en, "cycle-rule") from None
    plan = opens_improvement_plan(definition, request.conclusion)
    row = await repo.add_talk(
        principal.tenant,
        {
            "period_id": period.id,
            "type": request.type,
            "held_on": body.get("held_on") or today,
            "initiated_by": request.initiated_by,
            "recorded_by": access.role,
            "recorded_by_person": principal.username,
            "record": request.fields,
            "topics": list(request.topics),
            "conclusion": request.conclusion,
            "reward_advice": request.reward_advice,
            "improvement_plan": plan,
        },
    )
    await outbox.add(
        session,
        principal.tenant,
        TalkRecorded(
            talk_id=row.id,
            period_id=period.id,
            employee_id=employee,
            type=row.type,
            held_on=row.held_on,
            cycle_version=period.cycle_version,
            topics=list(row.topics),
        ),
    )
    if row.conclusion:
        await outbox.add(
            session,
            principal.tenant,
            ConclusionRecorded(
                talk_id=row.id,
                period_id=period.id,
                employee_id=employee,
                level=row.conclusion,
                reward_advice=row.reward_advice,
                improvement_plan=plan,
            ),
        )
    if plan:
        await outbox.add(
            session,
            principal.tenant,
            ImprovementPlanOpened(talk_id=row.id, period_id=period.id, employee_id=employee),
        )
    await audit(session, principal, "create", "talk", row.id, origin=origin)
    return row


async def add_reaction(
    session, principal, employee: UUID, text: str, talk_id: UUID | None, today: date, origin
):
    await resolve(session, principal, employee, Action.REACT)
    period, definition = await current_period(session, principal.tenant, employee, today)
    if not definition.employee_may_react:
        raise invalid_field(
            "body.text", "deze cyclus kent geen reactie", "this cycle has no reaction", "cycle-rule"
        )
    row = await PortfolioRepository(session).add_reaction(
        principal.tenant, period.id, talk_id, text, principal.username
    )
    await outbox.add(
        session,
        principal.tenant,
        ReactionAdded(reaction_id=row.id, period_id=period.id, employee_id=employee, talk_id=talk_id),
    )
    await audit(session, principal, "create", "reaction", row.id, origin=origin)
    return row


async def lock_period(session, principal, period_id: UUID, expected: int, origin):
    repo = PortfolioRepository(session)
    period = await repo.period(period_id)
    if period is None:
        raise not_found("portfolio-not-found")
    access = await resolve(session, principal, period.employee_id, Action.WRITE)
    definition = await definition_of(session, period.cycle_version)
    if access.role not in definition.definitive_moment.locked_by:
        raise forbidden(
            "In deze cyclus legt een ander het definitieve moment vast.",
            "In this cycle someone else fixes the definitive moment.",
        )
    if period.status != "open":
        raise period_locked()
    snapshot = {
        "period": {
            k: str(v)
            for k, v in period._mapping.items()
            if k in ("id", "employee_id", "starts_on", "ends_on", "cycle_version")
        },
        "agreements": [
            {k: str(v) for k, v in r._mapping.items()} for r in await repo.agreements_of(period.id)
        ],
        "talks": [{k: str(v) for k, v in r._mapping.items()} for r in await repo.talks_of(period.id)],
        "competencies": [
            {k: str(v) for k, v in r._mapping.items()}
            for r in await CompetencyRepository(session).of_period(period.id)
        ],
        "attachments": [  # the content is fixed by its hash
            {k: str(v) for k, v in r._mapping.items()}
            for r in await AttachmentRepository(session).of_period(period.id)
        ],
    }
    digest = snapshot_hash(snapshot)
    row = await repo.lock(period.id, expected, principal.username, clock.now(), snapshot, digest)
    if row is None:
        raise stale_version()
    await outbox.add(
        session,
        principal.tenant,
        PeriodLocked(
            period_id=period.id,
            employee_id=period.employee_id,
            snapshot_hash=digest,
            cycle_version=period.cycle_version,
        ),
    )
    await audit(session, principal, "lock", "period", period.id, origin=origin)
    return row
