"""Reminders (ADR 0030): what the events tell about their subjects (`track`, in the consumer's
transaction), and one subject's moment of truth (`tick`, in the reminder workflow's activity, one
transaction): which of its moments are due, skip or send them (ADR 0013's rule), and when the next
one is. A moment is logged once (`reminder_log`, unique) in the same transaction as its
notifications (ids from the moment and the recipient), so a retry after a crash sends nothing twice
and loses nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events import feedback as fb
from dialoog.contracts.events import portfolio as pf
from dialoog.contracts.events import salaris as sl
from dialoog.contracts.events.organisatie import CycleVersionCreated
from dialoog.kit import clock
from dialoog.notificaties.domain import reminders as rules
from dialoog.notificaties.domain.rules import REMINDER_RULES, Audience
from dialoog.notificaties.persistence.projections import ProjectionRepository
from dialoog.notificaties.persistence.reminders import ReminderRepository
from dialoog.notificaties.service.context import Context
from dialoog.notificaties.service.notify import record

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ref:
    """One reminder workflow: a subject of a kind in a tenant."""

    tenant: str
    kind: str
    subject_id: str

    @property
    def workflow_id(self) -> str:
        """A cycle's workflow goes on from year to year under one id; the others are per subject."""
        if self.kind in rules.CYCLE_KINDS:
            return f"reminder-{self.tenant}-{self.kind}"
        return f"reminder-{self.tenant}-{self.kind}-{self.subject_id}"


def _dutch_year(moment: datetime) -> int:
    return moment.astimezone(rules.AMSTERDAM).year


async def track(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> list[Ref]:
    """Keep what reminders need from `event`; the reminder workflows to start or wake."""
    repo = ReminderRepository(session)
    tenant, at = event.tenant, event.time
    match payload:
        case fb.FeedbackRequestCreated():
            data = {
                "request_id": str(payload.request_id),
                "requester_id": str(payload.requester_id),
                "colleague_ids": [str(c) for c in payload.colleague_ids],
                "anonymous": payload.anonymous,
            }
            sid = str(payload.request_id)
            await repo.add_subject(tenant, "feedback_deadline", sid, payload.deadline, at, data)
            return [Ref(tenant, "feedback_deadline", sid)]
        case fb.FeedbackGiversAdded():
            ids = [str(c) for c in payload.colleague_ids]
            await repo.merge_subject_data("feedback_deadline", str(payload.request_id), "colleague_ids", ids)
        case fb.FeedbackRequestAnswered() | fb.FeedbackRequestDeclined() if payload.giver_id:
            await repo.mark_done(tenant, "feedback_deadline", str(payload.request_id), payload.giver_id)
        case fb.FeedbackDeadlineChanged():
            # The reminder follows the deadline: moments not sent yet move with it (ADR 0037).
            if await repo.move_anchor("feedback_deadline", str(payload.request_id), payload.deadline):
                return [Ref(tenant, "feedback_deadline", str(payload.request_id))]
        case fb.FeedbackRequestExpired() | fb.FeedbackRequestClosed():
            if await repo.close_subject("feedback_deadline", str(payload.request_id), at):
                return [Ref(tenant, "feedback_deadline", str(payload.request_id))]
        case sl.LetterIssued():
            return [
                await _letter(
                    repo, tenant, at, f"salaris-{payload.decision_id}", payload.objection_deadline, payload
                )
            ]
        case pf.AssessmentEstablished():
            return [
                await _letter(
                    repo,
                    tenant,
                    at,
                    f"assessment-{payload.assessment_id}",
                    payload.objection_deadline,
                    payload,
                )
            ]
        case pf.DecisionEstablished():
            return [
                await _letter(
                    repo, tenant, at, f"decision-{payload.decision_id}", payload.objection_deadline, payload
                )
            ]
        case sl.ObjectionFiled():
            return await _objected(repo, tenant, at, f"salaris-{payload.decision_id}")
        case pf.ObjectionFiled():
            return await _objected(repo, tenant, at, f"assessment-{payload.assessment_id}")
        case pf.DecisionObjectionFiled():
            return await _objected(repo, tenant, at, f"decision-{payload.decision_id}")
        case pf.TalkRecorded():
            await repo.add_talk(tenant, payload.employee_id, payload.held_on.year, payload.type)
        case pf.ConclusionRecorded():
            await repo.add_talk(tenant, payload.employee_id, _dutch_year(at), "conclusion")
        case CycleVersionCreated():
            await repo.set_cycle(tenant, payload.number, payload.effective_from, payload.definition or {})
            year = clock.today().year
            refs = []
            for expectation in rules.expectations(payload.definition):
                await ensure_cycle_year(repo, tenant, expectation.kind, year, at)
                refs.append(Ref(tenant, expectation.kind, str(year)))
            return refs
    return []


async def _letter(repo, tenant, at, sid, last_day: date, payload) -> Ref:
    source = "salaris" if sid.startswith("salaris-") else "portfolio"
    data = {"employee_id": str(payload.employee_id), "source": source}
    await repo.add_subject(tenant, "objection_term", sid, last_day, at, data)
    return Ref(tenant, "objection_term", sid)


async def _objected(repo, tenant, at, sid) -> list[Ref]:
    return [Ref(tenant, "objection_term", sid)] if await repo.close_subject("objection_term", sid, at) else []


async def ensure_cycle_year(
    repo: ReminderRepository, tenant: str, kind: str, year: int, learned: datetime | None = None
) -> None:
    """A cycle year's subject, known from 1 January, or from when the tenant's cycle was learned
    if that is later (a new tenant is not reminded of what was due before it existed)."""
    anchor = rules.period_anchor(kind, year)
    known = rules.period_known_at(year)
    known = max(known, learned) if learned else known
    await repo.add_subject(tenant, kind, str(year), anchor, known, {"year": year})


@dataclass(frozen=True)
class Tick:
    next_at: datetime | None  # when to look again; None: this subject needs no more reminders
    sent: str | None = None  # the moment sent now
    recipients: int = 0


async def tick(session: AsyncSession, ctx: Context, ref: Ref, now: datetime) -> Tick:
    repo = ReminderRepository(session)
    subject = await repo.subject(ref.kind, ref.subject_id)
    if subject is None and ref.kind in rules.CYCLE_KINDS:  # a new year of the cycle
        await ensure_cycle_year(repo, ref.tenant, ref.kind, int(ref.subject_id))
        subject = await repo.subject(ref.kind, ref.subject_id)
    if subject is None:
        raise LookupError(f"no reminder subject {ref}")  # not committed yet: the activity retries
    stored = await repo.settings()
    setting = rules.merged(stored.settings if stored else None)[ref.kind]
    expectation = None
    if ref.kind in rules.CYCLE_KINDS:
        cycle = await repo.cycle()
        found = [e for e in rules.expectations(cycle.definition if cycle else None) if e.kind == ref.kind]
        expectation = found[0] if found else None
        if expectation is None:  # the tenant's cycle no longer expects it
            return Tick(None)
    if subject.closed_at is not None or not setting["enabled"]:
        return Tick(None)
    moments = rules.moments(subject.anchor, setting["offsets"])
    decision = rules.decide(moments, subject.known_at, now, await repo.handled(ref.kind, ref.subject_id))
    for moment, fate in decision.skipped:
        await repo.log(ref.tenant, ref.kind, ref.subject_id, moment.key, moment.at, fate)
        log.info("reminder %s %s skipped: %s", ref.workflow_id, moment.key, fate)
    if decision.send is None:
        return Tick(decision.next_at)
    moment = decision.send
    if not await repo.log(ref.tenant, ref.kind, ref.subject_id, moment.key, moment.at, "sent"):
        return Tick(decision.next_at)
    made = await _send(session, ctx, repo, ref, subject, setting["audience"], moment, expectation)
    await repo.set_recipients(ref.kind, ref.subject_id, moment.key, made)
    log.info("reminder %s %s sent late or on time: %d notification(s)", ref.workflow_id, moment.key, made)
    return Tick(decision.next_at, moment.key, made)


async def _send(session, ctx, repo, ref: Ref, subject, audience: str, moment, expectation) -> int:
    projections = ProjectionRepository(session)
    base = f"reminder:{ref.kind}:{ref.subject_id}:{moment.key}"
    data = dict(subject.data)
    known = projections.people_by_id
    made = 0
    if ref.kind == "feedback_deadline":
        data["deadline"] = subject.anchor.isoformat()
        done = await repo.done(ref.kind, ref.subject_id)
        if audience in ("givers", "both") and not data.get("anonymous"):
            waiting = [UUID(c) for c in data.get("colleague_ids", []) if UUID(c) not in done]
            found = await known(waiting)
            audiences: dict[UUID, Audience] = {p: "colleagues" for p in waiting if p in found}
            if audiences:
                rule = REMINDER_RULES["feedback_deadline_giver"]
                made += await record(session, ctx, ref.tenant, base + ":givers", rule, data, audiences)
        if audience in ("requester", "both"):
            requester = UUID(data["requester_id"])
            if await known([requester]):
                rule = REMINDER_RULES["feedback_deadline_requester"]
                made += await record(
                    session, ctx, ref.tenant, base + ":requester", rule, data, {requester: "requester"}
                )
        return made
    if ref.kind == "objection_term":
        data["last_day"] = subject.anchor.isoformat()
        employee = UUID(data["employee_id"])
        if not await known([employee]):
            return 0
        rule = REMINDER_RULES[f"objection_term_{data['source']}"]
        return await record(session, ctx, ref.tenant, base, rule, data, {employee: "employee"})
    # what the cycle still expects, per employee who has not had it
    rule = REMINDER_RULES[ref.kind]
    year = int(ref.subject_id)
    wanted = list(expectation.talk_types) or ["conclusion"]
    for employee in await repo.employees_without(year, wanted):
        audiences = {}
        if audience in ("employee", "both"):
            audiences[employee] = "employee"
        if audience in ("manager", "both"):
            for manager in await projections.managers_of(employee):
                audiences.setdefault(manager, "manager")
        found = await known(list(audiences))
        audiences = {p: a for p, a in audiences.items() if p in found}
        if not audiences:
            continue
        item = {"employee_id": str(employee), "year": year, "day": subject.anchor.isoformat()}
        made += await record(session, ctx, ref.tenant, f"{base}:{employee}", rule, item, audiences)
    return made
