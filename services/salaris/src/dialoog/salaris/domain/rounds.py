"""The year-end round's states and its timetable. Pure.

The round and each decision in it move through transition tables (as `dialoog.kit.objections`
does for objections); the use cases ask these tables instead of comparing states themselves."""

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


# opening -> deciding -> (escalated at the deadline) -> approved -> letters_sent -> applied -> closed
ROUND_TRANSITIONS: dict[RoundStatus, frozenset[RoundStatus]] = {
    RoundStatus.OPENING: frozenset({RoundStatus.DECIDING}),  # the managers are told their tasks
    RoundStatus.DECIDING: frozenset({RoundStatus.ESCALATED, RoundStatus.APPROVED}),
    RoundStatus.ESCALATED: frozenset({RoundStatus.APPROVED}),
    RoundStatus.APPROVED: frozenset({RoundStatus.LETTERS_SENT}),
    RoundStatus.LETTERS_SENT: frozenset({RoundStatus.APPLIED}),  # on the reference date
    RoundStatus.APPLIED: frozenset({RoundStatus.CLOSED}),  # after the objection term
    RoundStatus.CLOSED: frozenset(),
}

# A decision is made (and remade) until HR approves the round; HR may send a made one back.
DECISION_TRANSITIONS: dict[DecisionStatus, frozenset[DecisionStatus]] = {
    DecisionStatus.OPEN: frozenset({DecisionStatus.DECIDED}),
    DecisionStatus.DECIDED: frozenset(
        {DecisionStatus.DECIDED, DecisionStatus.RETURNED, DecisionStatus.APPROVED}
    ),
    DecisionStatus.RETURNED: frozenset({DecisionStatus.DECIDED}),
    DecisionStatus.APPROVED: frozenset(),  # an upheld objection corrects it as a new version
}


class RoundTransitionError(ValueError):
    """A step the round's table does not have (a bug in the caller, never the user's input)."""


def can_move_round(current: str, target: str) -> bool:
    return RoundStatus(target) in ROUND_TRANSITIONS[RoundStatus(current)]


def reaches(current: str, target: str) -> bool:
    """Whether the round can still get to `target` from `current` (in one or more steps)."""
    seen, todo = set(), [RoundStatus(current)]
    while todo:
        for following in ROUND_TRANSITIONS[todo.pop()]:
            if following == RoundStatus(target):
                return True
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return False


def round_step(current: str, target: str) -> bool:
    """Whether the round moves from `current` to `target` now: True for a step of the table,
    False when it is there or past it already (a repeated activity, a deadline after approval);
    RoundTransitionError for a step the table does not have."""
    if can_move_round(current, target):
        return True
    if current == target or reaches(target, current):
        return False
    raise RoundTransitionError(f"a round cannot move from {current} to {target}")


def can_decide(status: str) -> bool:
    """Decisions are made, remade and sent back while the round can still be approved."""
    return can_move_round(status, RoundStatus.APPROVED)


def reminders_ahead(status: str) -> bool:
    """Reminders not yet sent are still planned until the round is approved."""
    return status != RoundStatus.APPROVED and reaches(status, RoundStatus.APPROVED)


def can_move_decision(current: str, target: str) -> bool:
    return DecisionStatus(target) in DECISION_TRANSITIONS[DecisionStatus(current)]


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
