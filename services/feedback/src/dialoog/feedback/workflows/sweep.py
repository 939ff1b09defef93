"""The sweep as a Temporal workflow (`FeedbackSweep`), started by the Schedule the feedback worker
keeps (dialoog.feedback.workflows.schedule): list the tenants, then one activity per tenant, each
one transaction under that tenant's RLS (dialoog.feedback.service.sweep.sweep_tenant, idempotent),
retried by Temporal. A tenant that still fails after the retries does not stop the others; it is
reported in the result and swept again by the next run.

Deterministic: no clock, no I/O; the business day is read by the activities (the kit's clock)."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from dialoog.feedback.workflows.types import SweepResult

TENANTS = "feedback_sweep.tenants"
SWEEP_TENANT = "feedback_sweep.tenant"
RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30), maximum_attempts=5
)
ACTIVITY = {"start_to_close_timeout": timedelta(minutes=5), "retry_policy": RETRY}


@workflow.defn(name="FeedbackSweep")
class FeedbackSweep:
    @workflow.run
    async def run(self) -> SweepResult:
        result = SweepResult()
        tenants: list[str] = await workflow.execute_activity(TENANTS, result_type=list[str], **ACTIVITY)
        for tenant in tenants:
            try:
                result.swept[tenant] = await workflow.execute_activity(
                    SWEEP_TENANT, tenant, result_type=dict[str, int], **ACTIVITY
                )
            except ActivityError as exc:
                workflow.logger.warning("feedback sweep of tenant %s failed: %s", tenant, exc.cause)
                result.failed.append(tenant)
        return result
