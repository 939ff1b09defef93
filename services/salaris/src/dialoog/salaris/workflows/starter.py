"""Starting and signalling the round's workflow; the Temporal client with the interceptors that
carry the trace and the tenant is the kit's (`connect`, dialoog.kit.temporal)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from dialoog.kit import clock
from dialoog.kit.events.context import current_tenant
from dialoog.kit.temporal import connect
from dialoog.salaris.domain.rounds import reminder_schedule
from dialoog.salaris.persistence.rounds import RoundRepository
from dialoog.salaris.service.rounds import workflow_id
from dialoog.salaris.workflows.types import RoundInput

__all__ = ["approve_round", "connect", "round_input", "start_round"]


def round_input(rnd, tenant: str) -> RoundInput:
    """Every reminder day goes in (the workflow decides which are sent, ADR 0013), and the business
    clock's offset, so that the workflow's dates are the platform's even when the clock is pinned."""
    return RoundInput(
        tenant=tenant,
        round_id=str(rnd.id),
        year=rnd.year,
        deadline=rnd.deadline.isoformat(),
        reminders=[d.isoformat() for d in reminder_schedule(rnd.deadline, list(rnd.reminder_days))],
        reference_date=rnd.reference_date.isoformat(),
        clock_offset_seconds=int(clock.offset().total_seconds()),
    )


async def start_round(
    session: AsyncSession, client: Client, task_queue: str, tenant: str, round_id: UUID, **overrides
) -> WorkflowHandle | None:
    """Start the round's workflow, once: a running one is found (conflict policy), and a round
    whose workflow already moved it past `opening` starts nothing. A round an operator removed
    and opened again gets a new run under the same id."""
    rnd = await RoundRepository(session).get(round_id)
    if rnd is None or rnd.status != "opening":  # gone, or its workflow already moved it on
        return client.get_workflow_handle(workflow_id(tenant, rnd.year)) if rnd else None
    token = current_tenant.set(tenant)
    try:
        return await client.start_workflow(
            "SalaryRound",
            replace(round_input(rnd, tenant), **overrides),
            id=workflow_id(tenant, rnd.year),
            task_queue=task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            execution_timeout=timedelta(days=400),
        )
    except WorkflowAlreadyStartedError:  # an earlier run with this id completed: the round ran once
        return client.get_workflow_handle(workflow_id(tenant, rnd.year))
    finally:
        current_tenant.reset(token)


async def approve_round(client: Client, tenant: str, year: int) -> None:
    await client.get_workflow_handle(workflow_id(tenant, year)).signal("approve")
