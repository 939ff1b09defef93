"""One reminder workflow per subject (`NotificatiesReminder`, id `reminder-{tenant}-{kind}-{subject}`,
ADR 0030): started, or woken, by notificaties' consumer with signal-with-start when an event about
its subject arrives; it sleeps on Temporal timers until the subject's next moment and then lets the
activity `tick` decide (in notificaties' tables, one transaction: still needed? send or skip, once)
and say when to look again. It looks again at least once a day, so offsets the tenant admin changed
are picked up within a day; a fulfilling event (an answer, an objection, the request closed) wakes
it at once. A cycle year's workflow, at its year's end, goes on as the next year's.

Deterministic: time is `workflow.now()` moved by the business clock's offset the starter passed
(`clock_offset_seconds`, as the salary round does, ADR 0013); no I/O."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

TICK = "notificaties_reminders.tick"
WAKE = "wake"
KIND_CYCLE = ("halfway_talk", "talk_this_year", "conclusion_due")
AT_LEAST_EVERY = timedelta(days=1)
TICK_TIMEOUT = timedelta(seconds=30)
RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1), maximum_attempts=30
)


@dataclass(frozen=True)
class ReminderInput:
    tenant: str
    kind: str
    subject_id: str
    clock_offset_seconds: int = 0


@dataclass(frozen=True)
class TickResult:
    next_at: str | None  # ISO business moment; None: no more reminders for this subject
    sent: str | None = None
    recipients: int = 0


@workflow.defn(name="NotificatiesReminder")
class NotificatiesReminder:
    def __init__(self) -> None:
        self._woken = False
        self.sent: list[str] = []

    @workflow.signal(name=WAKE)
    def wake(self) -> None:
        self._woken = True

    @workflow.query(name="sent")
    def sent_moments(self) -> list[str]:
        return self.sent

    def _now(self, inp: ReminderInput) -> datetime:
        return workflow.now() + timedelta(seconds=inp.clock_offset_seconds)

    @workflow.run
    async def run(self, inp: ReminderInput) -> list[str]:
        while True:
            self._woken = False
            result: TickResult = await workflow.execute_activity(
                TICK,
                args=[inp, self._now(inp).isoformat()],
                result_type=TickResult,
                # One short transaction: a worker that died inside it is given up on and the tick
                # retried (idempotent) after this long, not minutes later.
                start_to_close_timeout=TICK_TIMEOUT,
                retry_policy=RETRY,
            )
            if result.sent:
                self.sent.append(result.sent)
                continue  # a later moment may be due too: ask again at once
            if result.next_at is None:
                if inp.kind in KIND_CYCLE:  # this year is done: on to the next, from 1 January
                    year = int(inp.subject_id)
                    await self._sleep_until(inp, _new_year(year + 1, inp))
                    workflow.continue_as_new(replace(inp, subject_id=str(year + 1)))
                return self.sent
            await self._sleep_until(inp, datetime.fromisoformat(result.next_at), wakeable=True)

    async def _sleep_until(self, inp: ReminderInput, moment: datetime, wakeable: bool = False) -> None:
        remaining = min(moment - self._now(inp), AT_LEAST_EVERY) if wakeable else moment - self._now(inp)
        if remaining <= timedelta(0):
            return
        if not wakeable:
            while remaining > timedelta(0):  # long sleeps in steps of at most a day
                await workflow.sleep(min(remaining, AT_LEAST_EVERY))
                remaining = moment - self._now(inp)
            return
        try:
            await workflow.wait_condition(lambda: self._woken, timeout=remaining)
        except TimeoutError:
            pass


def _new_year(year: int, inp: ReminderInput) -> datetime:
    """00:00 on 1 January in Amsterdam (always winter time: UTC+1), as UTC."""
    return datetime.fromisoformat(f"{year - 1}-12-31T23:00:00+00:00")
