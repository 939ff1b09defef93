"""Who a rule's audience is for one event, from notificaties' projection of organisatie. Someone
who cannot be resolved (an unknown person, an employee without a manager) is left out and logged;
the event is not a failure (no dead letter)."""

from __future__ import annotations

import logging
from uuid import UUID

from pydantic import BaseModel

from dialoog.notificaties.domain.rules import Audience, Rule
from dialoog.notificaties.persistence.projections import ProjectionRepository

log = logging.getLogger(__name__)

OBJECT_FIELDS = ("assessment_id", "decision_id")


async def employee_of(projections: ProjectionRepository, payload: BaseModel) -> UUID | None:
    employee = getattr(payload, "employee_id", None)
    if employee is not None:
        return employee
    for name in OBJECT_FIELDS:
        obj = getattr(payload, name, None)
        if obj is not None and (found := await projections.employee_of(obj)) is not None:
            return found
    return None


async def resolve_audiences(
    projections: ProjectionRepository, rule: Rule, payload: BaseModel
) -> dict[UUID, Audience]:
    """The people to tell, each once, in a stable order, with the first audience that names them
    (which decides the portal link they get)."""
    named: dict[UUID, Audience] = {}
    for audience in rule.audience:
        wanted: list[UUID] = []
        if audience == "employee":
            found = await employee_of(projections, payload)
            wanted += [found] if found else []
        elif audience == "manager":
            manager = getattr(payload, "manager_id", None)
            if manager is not None:
                wanted.append(manager)
            elif (employee := await employee_of(projections, payload)) is not None:
                wanted += await projections.managers_of(employee)
        elif audience == "managers":
            wanted += list(getattr(payload, "manager_ids", []) or [])
        elif audience == "requester":
            wanted += [payload.requester_id]
        elif audience == "colleagues":
            wanted += list(payload.colleague_ids)
        elif audience == "target":
            target = getattr(payload, "target_person", None)
            if target is not None:
                wanted.append(target)
            elif "hr" in str(getattr(payload, "target", "")).lower():
                wanted += await projections.with_role("hr_advisor")
        elif audience == "hr":
            wanted += await projections.with_role("hr_advisor")
        elif audience == "tenant_admins":
            wanted += await projections.with_role("tenant_admin")
        for person in wanted:
            named.setdefault(person, audience)
    known = await projections.people_by_id(list(named))
    out: dict[UUID, Audience] = {}
    for person, audience in named.items():
        if person in known:
            out[person] = audience
        else:
            log.info("%s: recipient %s is not known to notificaties; skipped", rule.kind, person)
    if not out:
        log.info("%s: no recipient could be resolved; nothing to notify", rule.kind)
    return out
