"""Talks by the tenant's cycle (with conclusion, reward advice and improvement plan where the
cycle has them) and the employee's reactions."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from dialoog.contracts.events.portfolio import (
    ConclusionRecorded,
    ImprovementPlanOpened,
    ReactionAdded,
    TalkRecorded,
)
from dialoog.kit.problems import forbidden, invalid_field
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.domain.talks import RuleBroken, TalkRequest, check_talk, opens_improvement_plan
from dialoog.portfolio.persistence.events import outbox
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.auditing import audit
from dialoog.portfolio.service.periods import current_period, writable_period


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
