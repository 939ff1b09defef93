"""The year-end round's states and its timetable. Pure."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum


class RoundStatus(StrEnum):
    OPENING = "opening"  # computing the eligible employees
    DECIDING = "deciding"  # managers decide until the deadline
    ESCALATED = "escalated"  # past the deadline with decisions open: the HR advisor takes over
    APPROVED = "approved"  # HR approved; letters are being made
    LETTERS_SENT = "letters_sent"
    APPLIED = "applied"  # the step increases took effect on the reference date
    CLOSED = "closed"  # the objection term of the letters ended


class DecisionStatus(StrEnum):
    OPEN = "open"
    DECIDED = "decided"
    RETURNED = "returned"  # HR sent it back with a comment
    APPROVED = "approved"


LATE_ROUND_WEEKS = 13


def deadline_problem(deadline: date, ref: date, now: date) -> tuple[str, str] | None:
    """A round opened before its reference date closes before it; one opened late (on or after the
    reference date, in January say) may run on, for at most LATE_ROUND_WEEKS weeks after it: its
    raises still take effect on the reference date, with retroactive effect (ADR 0013)."""
    if now < ref and deadline >= ref:
        return (
            f"de uiterste datum ligt vóór de peildatum {ref}",
            f"the deadline is before the reference date {ref}",
        )
    limit = ref + timedelta(weeks=LATE_ROUND_WEEKS)
    if now >= ref and deadline > limit:
        return (
            f"de peildatum {ref} is voorbij: kies een uiterste datum tot en met {limit}",
            f"the reference date {ref} has passed: choose a deadline up to {limit}",
        )
    return None


def can_decide(status: str) -> bool:
    return status in (RoundStatus.DECIDING, RoundStatus.ESCALATED)


# --- reminders (ADR 0013) -------------------------------------------------------------------------
REMINDER_HOUR = 8  # reminders go out at 08:00 in the Netherlands


class ReminderFate(StrEnum):
    WAIT = "wait"  # its moment lies ahead
    SEND = "send"  # due now, or missed and still worth sending (once, at once)
    SKIPPED_ANNOUNCED = "skipped_announced"  # its moment lay before the tasks were announced
    SKIPPED_SUPERSEDED = "skipped_superseded"  # missed, and a later reminder is due as well


def reminder_schedule(deadline: date, days_before: list[int]) -> list[date]:
    """Every reminder day of a round, earliest first (the workflow decides the fate of each)."""
    return sorted({deadline - timedelta(days=d) for d in days_before if d > 0})


def reminder_fate(moment, next_moment, announced_at, now) -> ReminderFate:
    """What happens to the reminder due at `moment` (aware datetimes; `next_moment` is the next
    reminder's, None for the last; `announced_at` when the managers were told of their tasks, None
    when unknown). A reminder never repeats what a newer message said: one whose moment lay before
    the announcement is skipped (the announcement itself named the deadline), and of several that
    were missed (a worker down, a deadline moved) only the latest goes out, once, at once."""
    if announced_at is not None and moment <= announced_at:
        return ReminderFate.SKIPPED_ANNOUNCED
    if next_moment is not None and next_moment <= now:
        return ReminderFate.SKIPPED_SUPERSEDED
    if moment <= now:
        return ReminderFate.SEND
    return ReminderFate.WAIT
