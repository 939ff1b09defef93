"""The definitive moment: the period is locked with a hash of its content (seed 000 point 2)."""

from __future__ import annotations

from uuid import UUID

from dialoog.contracts.events.portfolio import PeriodLocked
from dialoog.kit import clock
from dialoog.kit.concurrency import stale_version
from dialoog.kit.problems import forbidden, not_found
from dialoog.portfolio.domain.access import Action
from dialoog.portfolio.domain.snapshot import snapshot_hash
from dialoog.portfolio.persistence.attachments import AttachmentRepository
from dialoog.portfolio.persistence.competencies import CompetencyRepository
from dialoog.portfolio.persistence.events import outbox
from dialoog.portfolio.persistence.portfolio import PortfolioRepository
from dialoog.portfolio.service.access import resolve
from dialoog.portfolio.service.auditing import audit
from dialoog.portfolio.service.periods import definition_of, period_locked


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
