"""The year-end salary round as one Temporal workflow per tenant and year
(`salary-round:<tenant>:<year>`): assign the eligible employees in batches, announce the tasks,
remind at the configured days, escalate at the deadline, wait for HR's approval, make the letters,
apply the raises on the reference date, and close when the objection term has ended.

Deterministic: time comes from `workflow.now()` (moved by the business clock's offset that the
input carries, zero in production), everything else from activities. Days are Dutch calendar days:
a reminder goes out at 08:00 in Amsterdam, the deadline ends at midnight there (ADR 0013). The
history stays small: decisions live in the database, loops continue-as-new when Temporal suggests
it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from dialoog.kit.clock import dutch_date, dutch_moment
    from dialoog.salaris.domain.rounds import REMINDER_HOUR, ReminderFate, reminder_fate
    from dialoog.salaris.workflows.types import (
        AssignIn,
        AssignOut,
        BatchIn,
        Progress,
        ReminderSkipIn,
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
# Before the Dutch clock (runs started earlier replay this way): times of day in UTC.
REMINDER_AT = time(7, 0)
DUTCH_CLOCK = "dutch-clock-and-late-reminders"  # workflow.patched id (ADR 0013)


def at(day: str | date, moment: time = time(0, 0)) -> datetime:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(d, moment, tzinfo=UTC)


@workflow.defn(name="SalaryRound")
class SalaryRound:
    def __init__(self) -> None:
        self._dutch = False  # set in run(): this run follows ADR 0013
        self._offset = timedelta(0)
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
        self._dutch = workflow.patched(DUTCH_CLOCK)
        self._offset = timedelta(seconds=inp.clock_offset_seconds)
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
            announced = self._now().isoformat() if self._dutch else None
            await self._refresh(ref)
            inp = replace(inp, stage="deciding", cursor=None, announced_at=announced)
        if inp.stage == "deciding":
            if self._dutch:
                await self._reminders(inp, ref)
            else:
                for day in inp.reminders:
                    if self._approved or await self._approved_before(at(day, REMINDER_AT)):
                        break
                    await workflow.execute_activity(
                        "salary_round.remind", BatchIn(inp.tenant, inp.round_id, 0, day), **SHORT
                    )
                    await self._refresh(ref)
            deadline_over = self._day_starts(date.fromisoformat(inp.deadline) + timedelta(days=1))
            if not self._approved and not await self._approved_before(deadline_over):
                await workflow.execute_activity("salary_round.escalate", ref, result_type=int, **SHORT)
                await self._refresh(ref)
                await workflow.wait_condition(lambda: self._approved)
            inp = replace(inp, stage="letters", approved=True)
        if inp.stage == "letters":
            sent_on = (dutch_date(self._now()) if self._dutch else workflow.now().date()).isoformat()
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
            await self._sleep_until(self._day_starts(date.fromisoformat(inp.reference_date)))
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
                await self._sleep_until(self._day_starts(date.fromisoformat(last) + timedelta(days=1)))
            await workflow.execute_activity("salary_round.close", ref, result_type=int, **SHORT)
            await self._refresh(ref)
        return self._progress

    async def _reminders(self, inp: RoundInput, ref: RoundRef) -> None:
        """Each reminder day in turn, until HR approves: wait for its moment, send it, or skip it
        and record why (ADR 0013). After a wait the fate is asked again: a worker that comes back
        late finds the missed reminder, or a later one, due."""
        days = [date.fromisoformat(d) for d in inp.reminders]
        moments = [dutch_moment(d, REMINDER_HOUR) for d in days]
        announced = datetime.fromisoformat(inp.announced_at) if inp.announced_at else None
        i = 0
        while i < len(days) and not self._approved:
            following = moments[i + 1] if i + 1 < len(moments) else None
            fate = reminder_fate(moments[i], following, announced, self._now())
            if fate == ReminderFate.WAIT:
                if await self._approved_before(moments[i]):
                    return
                continue
            day, moment = days[i].isoformat(), self._now().isoformat()
            if fate == ReminderFate.SEND:
                await workflow.execute_activity(
                    "salary_round.remind", BatchIn(inp.tenant, inp.round_id, 0, day, moment), **SHORT
                )
                await self._refresh(ref)
            else:
                await workflow.execute_activity(
                    "salary_round.skip_reminder",
                    ReminderSkipIn(inp.tenant, inp.round_id, day, fate.value, moment),
                    result_type=bool,
                    **SHORT,
                )
            i += 1

    def _now(self) -> datetime:
        """The business moment: Temporal's time, moved as the business clock was when the round
        started (zero unless pinned)."""
        return workflow.now() + self._offset

    def _day_starts(self, day: date) -> datetime:
        """Midnight at the start of `day`: in Amsterdam for this run, in UTC for runs before it."""
        return dutch_moment(day) if self._dutch else at(day)

    async def _approved_before(self, moment: datetime) -> bool:
        """Wait for HR's approval until `moment`; True when it came."""
        remaining = moment - self._now()
        if remaining <= timedelta(0):
            return self._approved
        try:
            await workflow.wait_condition(lambda: self._approved, timeout=remaining)
        except TimeoutError:
            return False
        return True

    async def _sleep_until(self, moment: datetime) -> None:
        remaining = moment - self._now()
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
