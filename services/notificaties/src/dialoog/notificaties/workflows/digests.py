"""The digest run as a Temporal workflow (`NotificatiesDigests`), started by the Schedule the
notificaties worker keeps (dialoog.notificaties.workflows.schedule): list the tenants, then one
activity per tenant that queues every due digest in one transaction under that tenant's RLS
(dialoog.notificaties.service.digests.send_due, idempotent), retried by Temporal. A tenant that
still fails does not stop the others; the next run picks it up (its items stay held).

Deterministic: no clock, no I/O. The moment is the input's `at` (ISO, for tests and replays) or,
when absent, the business clock read by the activity."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

TENANTS = "notificaties_digests.tenants"
SEND_TENANT = "notificaties_digests.tenant"
RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30), maximum_attempts=5
)
ACTIVITY = {"start_to_close_timeout": timedelta(minutes=5), "retry_policy": RETRY}


@workflow.defn(name="NotificatiesDigests")
class NotificatiesDigests:
    @workflow.run
    async def run(self, at: str | None = None) -> dict[str, int]:
        sent: dict[str, int] = {}
        tenants: list[str] = await workflow.execute_activity(TENANTS, result_type=list[str], **ACTIVITY)
        for tenant in tenants:
            try:
                sent[tenant] = await workflow.execute_activity(
                    SEND_TENANT, args=[tenant, at], result_type=int, **ACTIVITY
                )
            except ActivityError as exc:
                workflow.logger.warning("digests of tenant %s failed: %s", tenant, exc.cause)
                sent[tenant] = -1
        return sent
