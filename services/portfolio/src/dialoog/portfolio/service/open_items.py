"""What is open for an employee in the running period, for the home page (ADR 0038): a few
counted queries instead of the whole portfolio view. Audited as a read of the portfolio (it shows
agreements' titles), as the view is."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.domain.open_items import expected_talk
from dialoog.portfolio.persistence.open_items import OpenItemsRepository
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.auditing import audit
from dialoog.portfolio.service.periods import current_period


async def open_items(
    session: AsyncSession,
    principal: Principal,
    employee: UUID,
    today: date,
    origin: str | None,
    own: bool = False,
) -> dict:
    """`own`: the caller is the employee, found by her login (`/me`): the self relation, which may
    always read (domain/access.py), so the relations are not looked up again."""
    if not own:
        await resolve(session, principal, employee, Action.READ)
    period, definition = await current_period(session, principal.tenant, employee, today)
    repo = OpenItemsRepository(session)
    held = await repo.talks_held(period.id)
    may_react = definition.employee_may_react
    expected = expected_talk(definition, held)
    result = {
        "employee_id": employee,
        "period": {k: getattr(period, k) for k in ("id", "status", "starts_on", "ends_on")},
        "employee_may_react": may_react,
        "agreements_to_confirm": [r._mapping for r in await repo.agreements_to_confirm(period.id)],
        "talks_to_react_to": [r._mapping for r in await repo.talks_to_react_to(period.id)]
        if may_react
        else [],
        "talks_held": held,
        "expected_talk": None
        if expected is None
        else {
            "key": expected.key,
            "label": expected.label.model_dump(mode="json"),
            "recorded_by": list(expected.recorded_by),
        },
    }
    await audit(session, principal, "read", "portfolio", employee, origin=origin)
    return result
