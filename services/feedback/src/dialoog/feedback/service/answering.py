"""Giving feedback: what colleagues (signed in) and outsiders (with their link) share, storing an
answer and telling the requester about it under the anonymity rule."""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.events.feedback import FeedbackRequestAnswered, FeedbackRequestDeclined
from dialoog.feedback.domain import anonymity
from dialoog.feedback.domain.questions import answer_problems
from dialoog.feedback.domain.states import StepRefused, giver_step
from dialoog.feedback.persistence.events import outbox
from dialoog.feedback.persistence.requests import RequestRepository
from dialoog.feedback.service.invitations import rule
from dialoog.kit.problems import conflict


def step(giver, action: str) -> str:
    try:
        return giver_step(giver.state, action)
    except StepRefused:
        raise conflict(
            "feedback-state",
            f"Dat kan niet meer: u hebt al {_dutch(giver.state)}.",
            f"That is no longer possible: you have {giver.state} already.",
            state=giver.state,
        ) from None


def _dutch(state: str) -> str:
    return {"answered": "geantwoord", "declined": "afgezegd", "withdrawn": "ingetrokken"}.get(state, state)


def checked(request, answers: list[dict], *, complete: bool) -> list[dict]:
    errors = answer_problems(request.questions, answers, complete=complete)
    if errors:
        raise rule(errors)
    return answers


def named(request, giver):
    """The colleague who answered or declined, for a request that is not anonymous (notificaties
    then does not remind her, ADR 0030); None for an anonymous request or an outsider."""
    return None if request.anonymous else giver.person_id


async def store_answer(session: AsyncSession, tenant: str, request, giver, answers: list[dict]) -> None:
    """The giver's answers in, her draft gone, and `feedback.request.answered` when the rule
    lets the requester know (an anonymous request: only once the threshold is reached)."""
    new_state = step(giver, "answer")
    checked(request, answers, complete=True)
    repo = RequestRepository(session)
    await repo.add_answers(
        tenant,
        [
            {
                "id": uuid.uuid4(),
                "request_id": request.id,
                "giver_id": giver.id,
                "question_key": a["question_key"],
                "text": a.get("text"),
                "rating": a.get("rating"),
                "comment": a.get("comment"),
            }
            for a in answers
        ],
    )
    await repo.set_giver(giver.id, state=new_state, draft=None)
    givers = await repo.givers_of(request.id)
    per_group = Counter(g.grp for g in givers if g.state == "answered")
    seen = anonymity.visibility(per_group, request.threshold)
    if request.anonymous and not seen.visible:
        return
    await outbox.add(
        session,
        tenant,
        FeedbackRequestAnswered(
            request_id=request.id,
            requester_id=request.requester_id,
            answered=seen.answered,
            threshold_reached=seen.visible,
            giver_id=named(request, giver),
        ),
    )


async def decline(session: AsyncSession, tenant: str, request, giver, reason: str | None) -> None:
    new_state = step(giver, "decline")
    repo = RequestRepository(session)
    await repo.set_giver(giver.id, state=new_state, decline_reason=reason, draft=None)
    declined = sum(1 for g in await repo.givers_of(request.id) if g.state == "declined")
    await outbox.add(
        session,
        tenant,
        FeedbackRequestDeclined(
            request_id=request.id,
            requester_id=request.requester_id,
            declined=declined,
            giver_id=named(request, giver),
        ),
    )


async def withdraw(session: AsyncSession, request, giver) -> None:
    """The giver takes her answer back (or says she will not take part): her answers are deleted."""
    new_state = step(giver, "withdraw")
    repo = RequestRepository(session)
    await repo.delete_answers_of(request.id, giver.id)
    await repo.set_giver(giver.id, state=new_state, draft=None)
