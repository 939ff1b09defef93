"""The year-end salary round: opening it, the steps the workflow's activities take, progress,
managers' decisions with their motivation, HR's return and approval. Never commits."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.events.salaris import (
    DecisionMade,
    DecisionReturned,
    ReminderDue,
    RoundApproved,
    RoundClosed,
    RoundEscalated,
    RoundOpened,
    StepIncreased,
    TasksAssigned,
)
from dialoog.kit.auth import Principal
from dialoog.kit.clock import now, today
from dialoog.kit.concurrency import stale_version
from dialoog.kit.pagination import PageRequest, page_of
from dialoog.kit.problems import conflict, forbidden, invalid, not_found
from dialoog.salaris.domain import motivation as motivation_rules
from dialoog.salaris.domain.rounds import (
    DecisionStatus,
    ReminderFate,
    RoundStatus,
    can_decide,
    can_move_decision,
    can_move_round,
    deadline_problem,
    reminder_schedule,
    reminders_ahead,
    round_step,
)
from dialoog.salaris.domain.scales import eligible, new_step, reference_date
from dialoog.salaris.persistence.events import outbox
from dialoog.salaris.persistence.projections import ProjectionRepository
from dialoog.salaris.persistence.rounds import RoundRepository
from dialoog.salaris.persistence.salary import SalaryRepository
from dialoog.salaris.service.access import audit, caller_person, is_hr, require_hr
from dialoog.salaris.service.salary import ensure_settings


def workflow_id(tenant: str, year: int) -> str:
    return f"salary-round:{tenant}:{year}"


def round_not_found():
    return not_found("round-not-found")


def decision_not_found():
    return not_found("decision-not-found")


# --- opening --------------------------------------------------------------------------------------
async def open_round(
    session: AsyncSession,
    principal: Principal,
    *,
    year: int,
    guidelines: str,
    deadline: date,
    reminder_days: list[int],
    origin: str | None,
):
    require_hr(principal)
    now = today()
    cycle = await ProjectionRepository(session).salary_round_settings(date(year, 12, 31))
    _, salary_round = cycle or ("", {"reference_date": "01-01", "guidelines_required": True})
    errors = []
    if not now.year - 1 <= year <= now.year + 1:
        errors.append(
            (
                "body.year",
                "kies dit jaar, het vorige of het volgende",
                "choose this year, the last or the next",
            )
        )
    if salary_round.get("guidelines_required", True) and len(guidelines.split()) < 5:
        errors.append(
            (
                "body.guidelines",
                "geef de leidinggevenden richtlijnen mee (minstens een paar zinnen)",
                "give the managers guidelines (at least a few sentences)",
            )
        )
    if deadline < now:
        errors.append(
            ("body.deadline", "de uiterste datum ligt in het verleden", "the deadline is in the past")
        )
    ref = reference_date(year, salary_round.get("reference_date", "01-01"))
    problem = deadline_problem(deadline, ref, now)
    if problem:
        errors.append(("body.deadline", *problem))
    if errors:
        raise invalid(errors, "round-rule")
    row = await RoundRepository(session).create(
        {
            "tenant_id": principal.tenant,
            "year": year,
            "status": RoundStatus.OPENING,
            "guidelines": guidelines,
            "deadline": deadline,
            "reminder_days": sorted(set(reminder_days), reverse=True),
            "reference_date": ref,
            "workflow_id": workflow_id(principal.tenant, year),
            "opened_by": principal.username,
        }
    )
    if row is None:
        existing = await RoundRepository(session).by_year(year)
        raise conflict(
            "round-exists",
            f"De salarisronde {year} is al geopend.",
            f"The salary round {year} is already open.",
            round_id=str(existing.id) if existing else None,
        )
    await ensure_settings(session, principal.tenant)
    await outbox.add(
        session,
        principal.tenant,
        RoundOpened(round_id=row.id, year=year, deadline=deadline, reference_date=ref),
    )
    await audit(session, principal, "open", "salary_round", row.id, origin=origin)
    return row


# --- the workflow's steps (activities call these; each is idempotent) -------------------------
async def assign_batch(session: AsyncSession, tenant: str, round_id: UUID, after: UUID | None, limit: int):
    """Decisions for the eligible people of one batch (in id order after `after`), assigned to
    their manager or delegate. Returns (last id scanned or None at the end, scanned, assigned)."""
    rounds = RoundRepository(session)
    rnd = await rounds.get(round_id)
    salary = SalaryRepository(session)
    candidates = await salary.candidates(after, limit, rnd.reference_date)
    if not candidates:
        return None, 0, 0
    settings = await ensure_settings(session, tenant)
    scales = await salary.scales_on(rnd.reference_date)
    projections = ProjectionRepository(session)
    advices = await projections.reward_advices(rnd.year, [c.person_id for c in candidates])
    levels = await projections.conclusion_scale(rnd.reference_date)
    lines = await projections.lines([c.person_id for c in candidates])
    rows = []
    for c in candidates:
        scale = scales.get(c.scale) if c.scale else None
        if scale is None:
            continue
        if not eligible(
            c.step,
            scale.max_step,
            probation_end=c.probation_end,
            reference=rnd.reference_date,
            probation_eligible=settings.probation_eligible,
        ):
            continue
        manager, delegate = lines.get(c.person_id, (None, None))
        rows.append(
            {
                "tenant_id": tenant,
                "round_id": round_id,
                "employee_id": c.person_id,
                "unit_id": c.org_unit_id,
                "manager_id": manager,
                "delegate_id": delegate,
                "scale": c.scale,
                "step": c.step,
                "max_step": scale.max_step,
                "reward_advice": advices.get(c.person_id),
                "advised_outcome": motivation_rules.advised_outcome(advices.get(c.person_id), levels),
                "escalated": manager is None,  # nobody to decide: HR does
            }
        )
    assigned = await rounds.add_decisions(rows)
    return candidates[-1].person_id, len(candidates), assigned


async def announce(session: AsyncSession, tenant: str, round_id: UUID) -> int:
    """Once: one event per manager with their count; the round moves to deciding."""
    rounds = RoundRepository(session)
    rnd = await rounds.get(round_id, lock=True)
    if not round_step(rnd.status, RoundStatus.DECIDING):
        return rnd.eligible
    per_manager = await rounds.per_manager(round_id)
    await outbox.add_many(
        session,
        tenant,
        [
            TasksAssigned(round_id=round_id, manager_id=m, count=n, deadline=rnd.deadline)
            for m, n in per_manager
        ],
    )
    total = sum(n for _, n in per_manager)
    await rounds.update(round_id, status=RoundStatus.DECIDING, eligible=total)
    return total


async def remind(
    session: AsyncSession, tenant: str, round_id: UUID, on: date, at: datetime | None = None
) -> int:
    """Once per reminder day: an event per manager who still has decisions open, and the record of
    it (when, to how many) that HR sees. `at` is the workflow's moment (the business clock's now
    when absent)."""
    rounds = RoundRepository(session)
    rnd = await rounds.get(round_id, lock=True)
    if await rounds.reminder(round_id, on) is not None or not can_decide(rnd.status):
        return 0
    open_ = [(m, n) for m, n in await rounds.open_per_manager(round_id) if m is not None]
    await rounds.record_reminder(tenant, round_id, on, "sent", len(open_), at or now())
    await outbox.add_many(
        session,
        tenant,
        [
            ReminderDue(
                round_id=round_id,
                manager_id=m,
                open=n,
                deadline=rnd.deadline,
                days_left=(rnd.deadline - on).days,
            )
            for m, n in open_
        ],
    )
    return len(open_)


async def skip_reminder(
    session: AsyncSession,
    tenant: str,
    round_id: UUID,
    on: date,
    fate: ReminderFate,
    at: datetime | None = None,
) -> bool:
    """Record that the reminder of `on` was not sent, and why (ADR 0013); once."""
    return await RoundRepository(session).record_reminder(tenant, round_id, on, fate, 0, at or now())


def reminders_view(rnd, recorded: list) -> list[dict]:
    """Every reminder of the round for HR: what was sent (when, to how many managers), what was
    skipped and why, and what is still planned."""
    seen = {r.day: r for r in recorded}
    out = []
    for day in sorted({*reminder_schedule(rnd.deadline, list(rnd.reminder_days)), *seen}):
        r = seen.get(day)
        out.append(
            {
                "day": day,
                "days_before": (rnd.deadline - day).days,
                "status": r.status if r else ("planned" if reminders_ahead(rnd.status) else "not_sent"),
                "managers": r.managers if r else None,
                "recorded_at": r.recorded_at if r else None,
            }
        )
    return out


async def escalate(session: AsyncSession, tenant: str, round_id: UUID) -> int:
    """At the deadline, once: what is still open goes to the HR advisor."""
    rounds = RoundRepository(session)
    rnd = await rounds.get(round_id, lock=True)
    if not round_step(rnd.status, RoundStatus.ESCALATED):
        return 0
    managers = await rounds.escalate_open(round_id)
    await rounds.update(round_id, status=RoundStatus.ESCALATED)
    await outbox.add(
        session,
        tenant,
        RoundEscalated(round_id=round_id, open=len(managers), manager_ids=sorted({m for m in managers if m})),
    )
    return len(managers)


async def apply_batch(session: AsyncSession, tenant: str, round_id: UUID, limit: int) -> int:
    """On the reference date: positive decisions move one step up (once), announced for payroll."""
    rounds = RoundRepository(session)
    rnd = await rounds.get(round_id)
    rows = await rounds.to_apply(round_id, limit)
    if not rows:
        return 0
    salary = SalaryRepository(session)
    scales = await salary.scales_on(rnd.reference_date)
    raises = [r for r in rows if r.outcome == "yes"]
    stored = await salary.add_steps(tenant, [_step_row(r, rnd.reference_date, "round") for r in raises])
    await rounds.mark_applied([r.id for r in rows])
    await outbox.add_many(
        session, tenant, [increase_event(r, scales, rnd.reference_date) for r in raises if r.id in stored]
    )
    return len(rows)


def _step_row(row, effective: date, source: str) -> dict:
    return {
        "person_id": row.employee_id,
        "scale": row.scale,
        "step": new_step(row.step, row.max_step, "yes"),
        "valid_from": effective,
        "source": source,
        "decision_id": row.id,
    }


async def raise_step(session, tenant: str, row, effective: date, source: str) -> bool:
    return bool(await SalaryRepository(session).add_steps(tenant, [_step_row(row, effective, source)]))


def increase_event(row, scales, effective: date) -> StepIncreased:
    step = new_step(row.step, row.max_step, "yes")
    scale = scales.get(row.scale)
    return StepIncreased(
        employee_id=row.employee_id,
        employee_number=row.employee_number,
        scale=row.scale,
        old_step=row.step,
        new_step=step,
        monthly_amount_cents=scale.amount(step) if scale else 0,
        effective_on=effective,
        decision_id=row.id,
    )


async def mark(session: AsyncSession, round_id: UUID, status: RoundStatus) -> None:
    rounds = RoundRepository(session)
    rnd = await rounds.get(round_id, lock=True)
    if round_step(rnd.status, status):
        await rounds.update(round_id, status=status)


async def close(session: AsyncSession, tenant: str, round_id: UUID) -> int:
    """After the objection term: decisions without an open objection are final; once."""
    rounds = RoundRepository(session)
    rnd = await rounds.get(round_id, lock=True)
    if not round_step(rnd.status, RoundStatus.CLOSED):
        return 0
    final = await rounds.finalise(round_id)
    await rounds.update(round_id, status=RoundStatus.CLOSED)
    await outbox.add(session, tenant, RoundClosed(round_id=round_id, year=rnd.year))
    return final


# --- reading ----------------------------------------------------------------------------------
def public(row) -> dict:
    """A row as clients see it: everything but the tenant (which is theirs)."""
    return {k: v for k, v in row._mapping.items() if k != "tenant_id"}


def round_out(row) -> dict:
    return public(row)


def decision_out(row, letters: list | None = None, objections: list | None = None) -> dict:
    out = public(row)
    out["new_step"] = new_step(row.step, row.max_step, row.outcome) if row.outcome else None
    if letters is not None:
        out["letters"] = [dict(letter._mapping) for letter in letters]
    if objections is not None:
        out["objections"] = [public(o) for o in objections]
    return out


PUBLIC_ROUND = ("id", "year", "status", "deadline", "reference_date", "guidelines")


def round_view(principal, row) -> dict:
    """HR sees the whole round; managers and employees that it exists, its deadline and guidelines."""
    return round_out(row) if is_hr(principal) else {k: getattr(row, k) for k in PUBLIC_ROUND}


async def rounds_list(session, principal) -> list[dict]:
    return [round_view(principal, r) for r in await RoundRepository(session).all()]


async def get_round(session, principal, year: int):
    rnd = await RoundRepository(session).by_year(year)
    if rnd is None:
        raise round_not_found()
    return rnd


async def progress(session, principal, year: int, origin) -> dict:
    require_hr(principal)
    rnd = await get_round(session, principal, year)
    rounds = RoundRepository(session)
    totals = await rounds.totals(rnd.id)
    late = rnd.deadline < today()
    by_manager = [dict(r._mapping) for r in await rounds.progress(rnd.id, "manager")]
    for m in by_manager:
        m["open"] = m["total"] - m["decided"]
        m["late"] = late and m["open"] > 0
    return {
        "round": round_out(rnd),
        "totals": dict(totals._mapping),
        "letters": await rounds.letter_count(rnd.id),
        "by_unit": [dict(r._mapping) for r in await rounds.progress(rnd.id, "unit")],
        "by_manager": by_manager,
        "reminders": reminders_view(rnd, await rounds.reminders(rnd.id)),
    }


async def summary(session, principal, year: int) -> dict:
    """A round as a home page shows it: the round as the caller may see it, a manager's decisions
    still to take, HR's totals. Counts only, nobody's data: not audited (the lists they link to
    are)."""
    rnd = await get_round(session, principal, year)
    rounds = RoundRepository(session)
    out = {"round": round_view(principal, rnd), "waiting_for_me": None, "totals": None}
    if is_hr(principal):
        out["totals"] = dict((await rounds.totals(rnd.id))._mapping)
    if principal.has_role("manager"):
        me = await caller_person(session, principal)
        if me is not None:
            out["waiting_for_me"] = await rounds.waiting_for(rnd.id, me)
    return out


async def decisions_list(
    session, principal, year: int, *, status: str | None, page: PageRequest, origin, escalated=None
):
    rnd = await get_round(session, principal, year)
    rounds = RoundRepository(session)
    if is_hr(principal):
        rows = await rounds.decisions(rnd.id, status=status, escalated=escalated, page=page)
    else:
        me = await caller_person(session, principal)
        if me is None or not principal.has_role("manager"):
            raise forbidden("Alleen leidinggevenden en HR.", "Managers and HR only.")
        rows = await rounds.decisions(rnd.id, manager=me, status=status, escalated=escalated, page=page)
    await audit(session, principal, "list", "salary_decisions", rnd.id, origin=origin)
    return page_of(rows, page, lambda r: (r.employee_name or "", r.id), decision_out)


async def reach(session, principal, decision_id: UUID, *, lock: bool = False):
    """The decision and the caller's relation to it: hr, manager, employee. No relation: 404."""
    rounds = RoundRepository(session)
    row = await rounds.decision(decision_id, lock=lock)
    if row is None:
        raise decision_not_found()
    if is_hr(principal):
        return row, "hr"
    me = await caller_person(session, principal)
    if me is not None and me in (row.manager_id, row.delegate_id):
        return row, "manager"
    if me is not None and me == row.employee_id and await rounds.letters_of(decision_id):
        return row, "employee"
    raise decision_not_found()


async def get_decision(session, principal, decision_id: UUID, origin) -> dict:
    row, relation = await reach(session, principal, decision_id)
    rounds = RoundRepository(session)
    out = decision_out(row, await rounds.letters_of(decision_id), await rounds.objections_of(decision_id))
    rnd = await rounds.get(row.round_id)
    out["year"], out["reference_date"], out["round_status"] = rnd.year, rnd.reference_date, rnd.status
    out["relation"] = relation
    if relation == "employee":
        out.pop("hr_comment", None)
    await audit(session, principal, "read", "salary_decision", decision_id, origin=origin)
    return out


async def my_decisions(session, principal, origin) -> list[dict]:
    me = await caller_person(session, principal)
    if me is None:
        return []
    rounds = RoundRepository(session)
    out = []
    for row in await rounds.decisions_of_employee(me):
        letters = await rounds.letters_of(row.id)
        if letters:  # the decision reaches the employee with its letter
            d = decision_out(row, letters, await rounds.objections_of(row.id))
            d.pop("hr_comment", None)
            out.append(d)
    await audit(session, principal, "read", "salary_decisions", me, origin=origin)
    return out


# --- deciding ---------------------------------------------------------------------------------
async def decide(
    session,
    principal,
    decision_id: UUID,
    expected: int,
    *,
    outcome: str,
    motivation: dict[str, str],
    deviation_reason: str | None,
    origin,
):
    row, relation = await reach(session, principal, decision_id, lock=True)
    rounds = RoundRepository(session)
    rnd = await rounds.get(row.round_id)
    if relation == "employee":
        raise forbidden("Uw leidinggevende besluit hierover.", "Your manager decides on this.")
    if relation == "hr" and not (row.escalated or row.manager_id is None):
        raise forbidden(
            "HR besluit alleen over wat na de uiterste datum is geëscaleerd.",
            "HR decides only what was escalated after the deadline.",
        )
    if not can_decide(rnd.status) or not can_move_decision(row.status, DecisionStatus.DECIDED):
        raise conflict(
            "round-not-deciding",
            "De ronde is goedgekeurd of nog niet klaar; dit besluit kan niet meer worden gewijzigd.",
            "The round is approved or not ready; this decision can no longer be changed.",
        )
    if row.version != expected:
        raise stale_version()
    errors = [(f"body.motivation.{e.field}", e.nl, e.en) for e in motivation_rules.check(motivation)]
    preset_cycle = await ProjectionRepository(session).salary_round_settings(rnd.reference_date)
    advised = row.advised_outcome
    from_advice = preset_cycle is not None and preset_cycle[1].get("decision_source") == "reward_advice"
    deviation = (deviation_reason or "").strip()
    if from_advice and advised and outcome != advised and len(deviation.split()) < 5:
        errors.append(
            (
                "body.deviation_reason",
                f"het besluit wijkt af van het beloningsadvies ({row.reward_advice}); leg uit waarom",
                f"the decision differs from the reward advice ({row.reward_advice}); explain why",
            )
        )
    if errors:
        raise invalid(errors, "motivation")
    updated = await rounds.update_decision(
        decision_id,
        expected,
        outcome=outcome,
        motivation={k: motivation.get(k, "").strip() for k in motivation_rules.FIELDS},
        deviation_reason=deviation or None,
        status=DecisionStatus.DECIDED,
        decision_version=row.decision_version + 1,
        decided_by=principal.username,
        decided_at=now(),
    )
    if updated is None:
        raise stale_version()
    await outbox.add(
        session,
        principal.tenant,
        DecisionMade(
            decision_id=decision_id,
            round_id=row.round_id,
            employee_id=row.employee_id,
            outcome=outcome,
            decision_version=updated.decision_version,
        ),
    )
    await audit(session, principal, "decide", "salary_decision", decision_id, origin=origin)
    return await rounds.decision(decision_id)


async def return_decision(session, principal, decision_id: UUID, expected: int, comment: str, origin):
    require_hr(principal)
    rounds = RoundRepository(session)
    row = await rounds.decision(decision_id, lock=True)
    if row is None:
        raise decision_not_found()
    rnd = await rounds.get(row.round_id)
    if not can_move_decision(row.status, DecisionStatus.RETURNED) or not can_decide(rnd.status):
        raise conflict(
            "decision-not-decided",
            "Alleen een genomen besluit in een lopende ronde kan terug naar de leidinggevende.",
            "Only a decision made in a running round can go back to the manager.",
        )
    updated = await rounds.update_decision(
        decision_id, expected, status=DecisionStatus.RETURNED, hr_comment=comment.strip()
    )
    if updated is None:
        raise stale_version()
    await outbox.add(
        session,
        principal.tenant,
        DecisionReturned(decision_id=decision_id, round_id=row.round_id, employee_id=row.employee_id),
    )
    await audit(session, principal, "return", "salary_decision", decision_id, origin=origin)
    return await rounds.decision(decision_id)


async def approve(session, principal, year: int, expected: int, origin):
    require_hr(principal)
    rounds = RoundRepository(session)
    rnd = await rounds.by_year(year, lock=True)
    if rnd is None:
        raise round_not_found()
    if not can_move_round(rnd.status, RoundStatus.APPROVED):
        raise conflict(
            "round-not-deciding",
            "De ronde is al goedgekeurd of nog niet klaar.",
            "The round is already approved or not ready.",
        )
    if rnd.version != expected:
        raise stale_version()
    open_ = await rounds.count_open(rnd.id)
    if open_:
        raise conflict(
            "decisions-open",
            f"Nog {open_} besluit(en) zonder uitkomst of teruggestuurd; eerst die afronden.",
            f"{open_} decision(s) still open or sent back; finish those first.",
            open=open_,
        )
    approved = await rounds.approve_all(rnd.id)
    updated = await rounds.update(
        rnd.id,
        expected,
        status=RoundStatus.APPROVED,
        approved_by=principal.username,
        approved_at=now(),
    )
    await outbox.add(session, principal.tenant, RoundApproved(round_id=rnd.id, year=year, decisions=approved))
    await audit(session, principal, "approve", "salary_round", rnd.id, origin=origin)
    return updated


async def letter_pdf(session, principal, decision_id: UUID, letter_id: UUID, origin) -> bytes:
    """The employee, the manager (or delegate), HR, and the tenant's integrators (a personnel-file
    system archives what `letter.issued` announces) may read a letter."""
    integrator = principal.has_role("integrator")
    if not integrator:
        await reach(session, principal, decision_id)
    letter = await RoundRepository(session).letter(letter_id)
    if letter is None or letter.decision_id != decision_id:
        raise not_found("letter-not-found")
    purpose = "personnel file archive" if integrator else "salary round"
    await audit(session, principal, "read", "salary_letter", letter_id, origin=origin, purpose=purpose)
    return letter.pdf
