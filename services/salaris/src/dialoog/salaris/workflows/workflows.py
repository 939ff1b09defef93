"""The year-end salary round as one Temporal workflow per tenant and year
(`salary-round:<tenant>:<year>`): assign the eligible employees in batches, announce the tasks,
remind at the configured days, escalate at the deadline, wait for HR's approval, make the letters,
apply the raises on the reference date, and close when the objection term has ended.

Deterministic: time comes from `workflow.now()`, everything else from activities. The history stays
small: decisions live in the database, loops continue-as-new when Temporal suggests it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from dialoog.salaris.workflows.types import (
        AssignIn,
        AssignOut,
        BatchIn,
        Progress,
        RoundInput,
        RoundRef,
        StatusIn,
    )

RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30))
SHORT = {"start_to_close_timeout": timedelta(minutes=2), "retry_policy": RETRY}
LONG = {
    "start_to_close_timeout": timedelta(minutes=10),
    "heartbeat_timeout": timedelta(seconds=15),
    "retry_policy": RETRY,
}
# Times of day in UTC: reminders in the morning, the deadline at the end of its day.
REMINDER_AT = time(7, 0)


def at(day: str | date, moment: time = time(0, 0)) -> datetime:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(d, moment, tzinfo=UTC)


@workflow.defn(name="SalaryRound")
class SalaryRound:
    def __init__(self) -> None:
        self._approved = False
        self._batches = 0  # batch activities in this run
        self._progress = Progress()

    @workflow.signal
    def approve(self) -> None:
        self._approved = True

    @workflow.query
    def progress(self) -> Progress:
        return self._progress

    @workflow.run
    async def run(self, inp: RoundInput) -> Progress:
        self._approved = self._approved or inp.approved
        ref = RoundRef(inp.tenant, inp.round_id)
        if inp.stage == "assign":
            cursor = inp.cursor
            while True:
                out: AssignOut = await workflow.execute_activity(
                    "salary_round.assign_batch",
                    AssignIn(inp.tenant, inp.round_id, cursor, inp.assign_batch),
                    result_type=AssignOut,
                    **SHORT,
                )
                if out.after is None:
                    break
                cursor = out.after
                self._continue_if_suggested(replace(inp, cursor=cursor))
            await workflow.execute_activity("salary_round.announce", ref, result_type=int, **SHORT)
            await self._refresh(ref)
            inp = replace(inp, stage="deciding", cursor=None)
        if inp.stage == "deciding":
            for day in inp.reminders:
                if self._approved or await self._approved_before(at(day, REMINDER_AT)):
                    break
                await workflow.execute_activity(
                    "salary_round.remind", BatchIn(inp.tenant, inp.round_id, 0, day), **SHORT
                )
                await self._refresh(ref)
            deadline_over = at(date.fromisoformat(inp.deadline) + timedelta(days=1))
            if not self._approved and not await self._approved_before(deadline_over):
                await workflow.execute_activity("salary_round.escalate", ref, result_type=int, **SHORT)
                await self._refresh(ref)
                await workflow.wait_condition(lambda: self._approved)
            inp = replace(inp, stage="letters", approved=True)
        if inp.stage == "letters":
            sent_on = workflow.now().date().isoformat()
            while await workflow.execute_activity(
                "salary_round.letters_batch",
                BatchIn(inp.tenant, inp.round_id, inp.letter_batch, sent_on),
                result_type=int,
                **LONG,
            ):
                self._continue_if_suggested(inp)
            await workflow.execute_activity(
                "salary_round.set_status", StatusIn(inp.tenant, inp.round_id, "letters_sent"), **SHORT
            )
            await self._refresh(ref)
            inp = replace(inp, stage="apply")
        if inp.stage == "apply":
            await self._sleep_until(at(inp.reference_date))
            while await workflow.execute_activity(
                "salary_round.apply_batch",
                BatchIn(inp.tenant, inp.round_id, inp.apply_batch),
                result_type=int,
                **SHORT,
            ):
                self._continue_if_suggested(inp)
            await workflow.execute_activity(
                "salary_round.set_status", StatusIn(inp.tenant, inp.round_id, "applied"), **SHORT
            )
            await self._refresh(ref)
            inp = replace(inp, stage="close")
        if inp.stage == "close":
            # The objection term is a timer: the day after the last letter's last day.
            last = await workflow.execute_activity(
                "salary_round.objection_term_end", ref, result_type=str | None, **SHORT
            )
            if last:
                await self._sleep_until(at(date.fromisoformat(last) + timedelta(days=1)))
            await workflow.execute_activity("salary_round.close", ref, result_type=int, **SHORT)
            await self._refresh(ref)
        return self._progress

    async def _approved_before(self, moment: datetime) -> bool:
        """Wait for HR's approval until `moment`; True when it came."""
        remaining = moment - workflow.now()
        if remaining <= timedelta(0):
            return self._approved
        try:
            await workflow.wait_condition(lambda: self._approved, timeout=remaining)
        except TimeoutError:
            return False
        return True

    async def _sleep_until(self, moment: datetime) -> None:
        remaining = moment - workflow.now()
        if remaining > timedelta(0):
            await workflow.sleep(remaining)

    async def _refresh(self, ref: RoundRef) -> None:
        self._progress = await workflow.execute_activity(
            "salary_round.progress", ref, result_type=Progress, **SHORT
        )

    def _continue_if_suggested(self, inp: RoundInput) -> None:
        """Start afresh with the same input where the loop stands, when Temporal suggests it (a long
        history) or after `continue_every` batches (set in tests to walk this path)."""
        self._batches += 1
        every = inp.continue_every
        if workflow.info().is_continue_as_new_suggested() or (every and self._batches % every == 0):
            workflow.continue_as_new(replace(inp, approved=self._approved))
