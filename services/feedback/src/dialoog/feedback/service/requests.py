"""The requester's use cases: ask, read her requests and their results (the anonymity rule),
add givers, extend the deadline, remind, close, reflect herself, share into her portfolio."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.events.feedback import (
    FeedbackDeadlineChanged,
    FeedbackGiversAdded,
    FeedbackRequestClosed,
    FeedbackRequestCreated,
    FeedbackRequestReminded,
    FeedbackShared,
)
from dialoog.feedback.domain import anonymity
from dialoog.feedback.domain import questions as question_rules
from dialoog.feedback.domain.limits import deadline_fits, may_remind, seconds_until_tomorrow
from dialoog.feedback.domain.states import request_state
from dialoog.feedback.persistence.events import outbox
from dialoog.feedback.persistence.projections import ProjectionRepository
from dialoog.feedback.persistence.requests import RequestRepository
from dialoog.feedback.persistence.settings import SettingsRepository
from dialoog.feedback.service.context import Context, feedback_options, me
from dialoog.feedback.service.invitations import check_givers, rule, send_link, store_and_invite, within_caps
from dialoog.kit.auth import Principal
from dialoog.kit.clock import now, today
from dialoog.kit.concurrency import stale_version
from dialoog.kit.errors import Text
from dialoog.kit.pagination import PageRequest, page_of
from dialoog.kit.problems import conflict, not_found, problem

_SHARE_NS = uuid.UUID("0c8f7a52-6f0e-4c1b-9a53-2d3e4f5a6b7c")


def _deadline_rule(deadline: date) -> None:
    if not deadline_fits(deadline, today()):
        raise rule(
            [
                (
                    "body.deadline",
                    "kies een datum van vandaag tot over 90 dagen",
                    "choose a date from today to 90 days ahead",
                )
            ]
        )


async def _names(session: AsyncSession, tenant: str, requester: UUID) -> tuple[str, str]:
    person = await ProjectionRepository(session).person(requester)
    settings = await SettingsRepository(session).get()
    return (
        (person.display_name or person.employee_number) if person else "",
        (settings.name if settings and settings.name else tenant),
    )


async def mine(session: AsyncSession, principal: Principal, request_id: UUID, *, lock: bool = False):
    """The caller's own request, or 404 (also when it exists but is someone else's)."""
    requester = await me(session, principal)
    row = await RequestRepository(session).get(request_id, lock=lock)
    if row is None or row.requester_id != requester:
        raise not_found("feedback-request-not-found")
    return row


def _open(row) -> None:
    if request_state(row.state, row.deadline, today()) != "open":
        raise conflict(
            "feedback-request-closed",
            "Dit verzoek is gesloten of de termijn is voorbij.",
            "This request is closed or past its deadline.",
        )


def view(row, givers: list) -> dict:
    """A request as its requester sees it. Anonymous: who was asked, without anyone's state."""
    states = Counter(g.state for g in givers)
    listed = []
    for g in givers:
        item = {"kind": g.kind, "name": g.name, "email": g.email, "person_id": g.person_id}
        if not row.anonymous:
            item |= {"id": g.id, "state": g.state, "group": g.grp}
        listed.append(item)
    return {
        "id": row.id,
        "purpose": row.purpose,
        "questions": row.questions,
        "deadline": row.deadline,
        "anonymous": row.anonymous,
        "self_reflection": row.self_reflection,
        "state": request_state(row.state, row.deadline, today()),
        "created_at": row.created_at,
        "threshold": row.threshold,
        "counts": {
            "asked": sum(1 for g in givers if g.state != "withdrawn"),
            "answered": states["answered"],
            "declined": states["declined"],
        },
        "givers": listed,
        "answers_deleted": row.answers_deleted_on is not None,
        "version": row.version,
    }


async def create(session: AsyncSession, ctx: Context, principal: Principal, body: dict) -> dict:
    tenant = principal.tenant
    requester = await me(session, principal)
    options = await feedback_options(session)
    _deadline_rule(body["deadline"])
    asked = question_rules.with_keys(body["questions"])
    errors = [
        ("body.questions", f"de sleutel '{k}' komt twee keer voor", f"the key '{k}' appears twice")
        for k in question_rules.duplicate_keys(asked)
    ]
    if body["anonymous"] and len(body["givers"]) < options.anonymity_threshold:
        errors.append(
            (
                "body.givers",
                f"een anoniem verzoek vraagt minstens {options.anonymity_threshold} mensen",
                f"an anonymous request asks at least {options.anonymity_threshold} people",
            )
        )
    if errors:
        raise rule(errors)
    rows = await check_givers(session, ctx, requester, body["givers"], options)
    await within_caps(session, ctx, tenant, requester, sum(1 for r in rows if r["kind"] == "outsider"))
    projection = ProjectionRepository(session)
    person = await projection.person(requester)
    await projection.ensure_tenant(tenant)  # the sweep finds every tenant with requests
    repo = RequestRepository(session)
    request_id = uuid.uuid4()
    await repo.add(
        tenant,
        {
            "id": request_id,
            "requester_id": requester,
            "requester_unit_id": person.org_unit_id if person else None,
            "purpose": body["purpose"],
            "questions": asked,
            "deadline": body["deadline"],
            "anonymous": body["anonymous"],
            "self_reflection": body["self_reflection"],
            "threshold": options.anonymity_threshold if body["anonymous"] else 1,
            "created_on": today(),
        },
    )
    row = await repo.get(request_id)
    requester_name, tenant_name = await _names(session, tenant, requester)
    stored = await store_and_invite(session, ctx, tenant, row, rows, requester_name, tenant_name)
    await outbox.add(
        session,
        tenant,
        FeedbackRequestCreated(
            request_id=request_id,
            requester_id=requester,
            colleague_ids=[g["person_id"] for g in stored if g["kind"] == "colleague"],
            outsiders=sum(1 for g in stored if g["kind"] == "outsider"),
            anonymous=body["anonymous"],
            deadline=body["deadline"],
        ),
    )
    return view(await repo.get(request_id), await repo.givers_of(request_id))


async def list_mine(session: AsyncSession, principal: Principal, page: PageRequest) -> dict:
    requester = await me(session, principal)
    repo = RequestRepository(session)
    rows = await repo.of_requester(requester, page)
    items = [view(r, await repo.givers_of(r.id)) for r in rows[: page.limit]]
    return page_of(rows, page, lambda r: (r.created_at, r.id), None) | {"items": items}


async def get(session: AsyncSession, principal: Principal, request_id: UUID) -> dict:
    row = await mine(session, principal, request_id)
    return view(row, await RequestRepository(session).givers_of(request_id))


async def change_deadline(
    session: AsyncSession, principal: Principal, request_id: UUID, expected: int, deadline: date
) -> dict:
    row = await mine(session, principal, request_id, lock=True)
    if row.state == "closed":
        _open(row)
    if row.version != expected:
        raise stale_version()
    _deadline_rule(deadline)
    repo = RequestRepository(session)
    changed = await repo.update(request_id, expected, deadline=deadline, state="open")
    # notificaties' reminder of this request follows the new deadline (ADR 0030, 0037).
    await outbox.add(
        session,
        principal.tenant,
        FeedbackDeadlineChanged(
            request_id=request_id, requester_id=row.requester_id, deadline=deadline, version=changed.version
        ),
    )
    return view(await repo.get(request_id), await repo.givers_of(request_id))


async def add_givers(
    session: AsyncSession, ctx: Context, principal: Principal, request_id: UUID, givers: list[dict]
) -> dict:
    tenant = principal.tenant
    row = await mine(session, principal, request_id, lock=True)
    _open(row)
    repo = RequestRepository(session)
    existing = await repo.givers_of(request_id)
    rows = await check_givers(
        session, ctx, row.requester_id, givers, await feedback_options(session), existing
    )
    if len(existing) + len(rows) > 60:
        raise rule([("body.givers", "ten hoogste 60 gevers per verzoek", "at most 60 givers a request")])
    await within_caps(session, ctx, tenant, row.requester_id, sum(1 for r in rows if r["kind"] == "outsider"))
    requester_name, tenant_name = await _names(session, tenant, row.requester_id)
    stored = await store_and_invite(session, ctx, tenant, row, rows, requester_name, tenant_name)
    await repo.update(request_id, None)
    await outbox.add(
        session,
        tenant,
        FeedbackGiversAdded(
            request_id=request_id,
            requester_id=row.requester_id,
            colleague_ids=[g["person_id"] for g in stored if g["kind"] == "colleague"],
            outsiders=sum(1 for g in stored if g["kind"] == "outsider"),
        ),
    )
    return view(await repo.get(request_id), await repo.givers_of(request_id))


async def remind(session: AsyncSession, ctx: Context, principal: Principal, request_id: UUID) -> dict:
    """Mail the outsiders who have not answered again, with a fresh link; once a day at most."""
    tenant = principal.tenant
    row = await mine(session, principal, request_id, lock=True)
    _open(row)
    if not may_remind(row.last_reminded_on, today()):
        raise problem(
            "rate-limited",
            Text(
                "U hebt vandaag al een herinnering gestuurd; morgen kan het weer.",
                "You sent a reminder today already; you can again tomorrow.",
            ),
            headers={"Retry-After": str(seconds_until_tomorrow(now()))},
        )
    repo = RequestRepository(session)
    requester_name, tenant_name = await _names(session, tenant, row.requester_id)
    waiting = [g for g in await repo.givers_of(request_id) if g.state in ("asked", "draft")]
    mailed = 0
    for g in waiting:
        if g.kind == "outsider" and g.email:
            await send_link(
                session, ctx, tenant, row, g.id, g.email, g.name, requester_name, tenant_name, reminder=True
            )
            mailed += 1
    await repo.update(request_id, None, last_reminded_on=today())
    await outbox.add(
        session,
        tenant,
        FeedbackRequestReminded(
            request_id=request_id,
            requester_id=row.requester_id,
            colleague_ids=[g.person_id for g in waiting if g.kind == "colleague"],
            outsiders=mailed,
        ),
    )
    return {"reminded": len(waiting), "mailed": mailed}


async def close(session: AsyncSession, principal: Principal, request_id: UUID) -> dict:
    row = await mine(session, principal, request_id, lock=True)
    _open(row)
    repo = RequestRepository(session)
    await repo.update(request_id, None, state="closed")
    givers = await repo.givers_of(request_id)
    await outbox.add(
        session,
        principal.tenant,
        FeedbackRequestClosed(
            request_id=request_id,
            requester_id=row.requester_id,
            answered=sum(1 for g in givers if g.state == "answered"),
        ),
    )
    return view(await repo.get(request_id), givers)


def _answer_out(a) -> dict:
    return {
        "answer_id": a.id,
        "question_key": a.question_key,
        "text": a.text,
        "rating": a.rating,
        "comment": a.comment,
    }


async def self_reflection(
    session: AsyncSession, principal: Principal, request_id: UUID, answers: list[dict]
) -> dict:
    row = await mine(session, principal, request_id, lock=True)
    if not row.self_reflection:
        raise rule([("body", "dit verzoek heeft geen zelfreflectie", "this request has no self-reflection")])
    errors = question_rules.answer_problems(row.questions, answers, complete=False)
    if errors:
        raise rule(errors)
    repo = RequestRepository(session)
    await repo.delete_answers_of(request_id, None)
    await repo.add_answers(
        principal.tenant,
        [
            {"id": uuid.uuid4(), "request_id": request_id, "giver_id": None, **_answer_fields(a)}
            for a in answers
        ],
    )
    mine_now = [a for a in await repo.answers_of(request_id) if a.giver_id is None]
    return {"answers": [_answer_out(a) for a in _in_question_order(row, mine_now)]}


def _answer_fields(a: dict) -> dict:
    return {
        "question_key": a["question_key"],
        "text": a.get("text"),
        "rating": a.get("rating"),
        "comment": a.get("comment"),
    }


def _in_question_order(row, answers: list) -> list:
    position = {q["key"]: i for i, q in enumerate(row.questions)}
    return sorted(answers, key=lambda a: (position.get(a.question_key, 99), str(a.id)))


async def results(session: AsyncSession, ctx: Context, principal: Principal, request_id: UUID) -> dict:
    row = await mine(session, principal, request_id)
    repo = RequestRepository(session)
    givers = {g.id: g for g in await repo.givers_of(request_id)}
    answers = await repo.answers_of(request_id)
    own = [_answer_out(a) for a in _in_question_order(row, [a for a in answers if a.giver_id is None])]
    given = [a for a in answers if a.giver_id is not None and givers[a.giver_id].state == "answered"]
    answered_per_group = Counter(g.grp for g in givers.values() if g.state == "answered")
    keys = [q["key"] for q in row.questions]
    out = {"answered": sum(answered_per_group.values()), "threshold": row.threshold, "self_reflection": own}
    if not row.anonymous:
        groups = []
        for giver in sorted(
            (g for g in givers.values() if g.state == "answered"), key=lambda g: (g.name, str(g.id))
        ):
            mine_ = [
                _answer_out(a) for a in _in_question_order(row, [a for a in given if a.giver_id == giver.id])
            ]
            groups.append({"group": giver.grp, "giver_name": giver.name, "answers": mine_})
        return out | {"needed": 0, "visible": True, "groups": groups}
    seen = anonymity.visibility(answered_per_group, row.threshold)
    if not seen.visible:
        return out | {"needed": seen.needed, "visible": False, "groups": []}
    order = anonymity.order_key(ctx.keys.order, request_id)
    pools: dict[str, list[dict]] = {}
    for a in given:
        pools.setdefault(anonymity.shown_group(givers[a.giver_id].grp, seen), []).append(_answer_out(a))
    groups = [
        {"group": name, "giver_name": None, "answers": anonymity.in_hidden_order(order, pools[name], keys)}
        for name in ("all", *anonymity.GROUPS)
        if name in pools
    ]
    return out | {"needed": 0, "visible": True, "groups": groups}


def _share_text(row, answer) -> str:
    question = next((q for q in row.questions if q["key"] == answer.question_key), None)
    asked = (question or {}).get("text", {})
    title = asked.get("nl") if isinstance(asked, dict) else str(asked or answer.question_key)
    parts = [title or answer.question_key]
    if answer.rating is not None:
        parts.append(f"Score: {answer.rating} van 5")
    for piece in (answer.text, answer.comment):
        if piece:
            parts.append(piece)
    return "\n".join(parts)[:8000]


async def share(
    session: AsyncSession,
    ctx: Context,
    principal: Principal,
    request_id: UUID,
    answer_ids: list[UUID] | None,
    summary: str | None,
) -> dict:
    """Add answers (those the requester can see) or a summary she writes to her portfolio:
    `feedback.shared` for each new item; an answer shared again is the same item."""
    row = await mine(session, principal, request_id)
    repo = RequestRepository(session)
    items: list[tuple[UUID, UUID | None, str, str]] = []
    if summary is not None:
        items.append((uuid.uuid4(), None, "summary", summary))
    if answer_ids:
        shown = await results(session, ctx, principal, request_id)
        visible = {a["answer_id"] for g in shown["groups"] for a in g["answers"]} | {
            a["answer_id"] for a in shown["self_reflection"]
        }
        unknown = [str(i) for i in answer_ids if i not in visible]
        if unknown:
            raise rule(
                [
                    (
                        "body.answer_ids",
                        "deze antwoorden zijn er niet of nog niet zichtbaar: " + ", ".join(unknown),
                        "these answers do not exist or are not visible yet: " + ", ".join(unknown),
                    )
                ]
            )
        for answer in await repo.answers_by_id(request_id, list(dict.fromkeys(answer_ids))):
            items.append(
                (uuid.uuid5(_SHARE_NS, str(answer.id)), answer.id, "answer", _share_text(row, answer))
            )
    for share_id, answer_id, kind, body in items:
        if await repo.share(principal.tenant, share_id, request_id, answer_id, kind, body):
            await outbox.add(
                session,
                principal.tenant,
                FeedbackShared(
                    feedback_id=share_id, request_id=request_id, employee_id=row.requester_id, text=body
                ),
            )
    ids = {i[0] for i in items}
    return {"items": [dict(s._mapping) for s in await repo.shares_of(request_id) if s.id in ids]}


async def shares(session: AsyncSession, principal: Principal, request_id: UUID) -> list[dict]:
    await mine(session, principal, request_id)
    return [dict(s._mapping) for s in await RequestRepository(session).shares_of(request_id)]
