"""When a webhook delivery is tried again, what an answer means, and when an endpoint is switched
off (ADR 0026). Pure: the worker asks, the database remembers.

A delivery is tried at once, then after each delay of the schedule in turn: seconds, then minutes,
then hours, about three days in all (12 attempts). A 2xx answer delivers it; 410 Gone disables the
endpoint (reason `gone`); anything else (another status, a timeout, a refused connection) is a
failure that waits for the next step. After the last step the delivery gives up; an endpoint whose
deliveries gave up `DISABLE_AFTER_GAVE_UP` times in a row (none got through in between) is
disabled (reason `failing`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Seconds to wait after attempt n (n = 1, 2, ...) before attempt n + 1.
RETRY_SCHEDULE: tuple[float, ...] = (
    5,  # 5 s
    30,  # 30 s
    2 * 60,  # 2 min
    10 * 60,  # 10 min
    30 * 60,  # 30 min
    60 * 60,  # 1 h
    3 * 3600,  # 3 h
    6 * 3600,  # 6 h
    12 * 3600,  # 12 h
    24 * 3600,  # 24 h
    24 * 3600,  # 24 h
)
DISABLE_AFTER_GAVE_UP = 3

State = Literal["pending", "delivered", "failed", "gave_up"]
Outcome = Literal["delivered", "gone", "failed"]

# Which state follows which: a delivery waits (pending), is tried (delivered, or failed and tried
# again, or gave_up), and may be sent again on request (any state -> pending).
TRANSITIONS: dict[State, frozenset[State]] = {
    "pending": frozenset({"delivered", "failed", "gave_up", "pending"}),
    "failed": frozenset({"delivered", "failed", "gave_up", "pending"}),
    "delivered": frozenset({"pending"}),
    "gave_up": frozenset({"pending"}),
}
DUE_STATES: frozenset[State] = frozenset({"pending", "failed"})


def total_seconds(schedule: tuple[float, ...] = RETRY_SCHEDULE) -> float:
    return float(sum(schedule))


def delay_after(attempts: int, schedule: tuple[float, ...] = RETRY_SCHEDULE) -> float | None:
    """Seconds to wait after `attempts` attempts (1 or more) before the next; None: give up."""
    if attempts < 1:
        raise ValueError("a delay follows an attempt")
    return float(schedule[attempts - 1]) if attempts <= len(schedule) else None


def outcome(status: int | None) -> Outcome:
    """What the receiver's answer means (None: no answer at all)."""
    if status is not None and 200 <= status < 300:
        return "delivered"
    if status == 410:
        return "gone"
    return "failed"


@dataclass(frozen=True)
class Next:
    """What becomes of a delivery after one attempt, and of its endpoint."""

    state: State
    retry_in: float | None  # seconds until the next attempt (failed only)
    disable: Literal["gone", "failing"] | None  # the endpoint is switched off, and why
    gave_up_in_a_row: int  # the endpoint's count after this attempt


def after_attempt(
    status: int | None,
    attempts: int,
    gave_up_in_a_row: int,
    *,
    schedule: tuple[float, ...] = RETRY_SCHEDULE,
    disable_after: int = DISABLE_AFTER_GAVE_UP,
) -> Next:
    """The state after attempt number `attempts` answered `status`, given the endpoint's count of
    deliveries that gave up in a row before it."""
    result = outcome(status)
    if result == "delivered":
        return Next("delivered", None, None, 0)
    if result == "gone":
        return Next("gave_up", None, "gone", gave_up_in_a_row)
    wait = delay_after(attempts, schedule)
    if wait is not None:
        return Next("failed", wait, None, gave_up_in_a_row)
    count = gave_up_in_a_row + 1
    return Next("gave_up", None, "failing" if count >= disable_after else None, count)


def can_move(current: State, to: State) -> bool:
    return to in TRANSITIONS[current]
