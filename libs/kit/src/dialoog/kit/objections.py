"""Objections (bezwaar) against a decision, shared by every decision that can be objected to
(assessments here, salary decisions later): the legal term and the states. Pure.

Awb art. 6:7 and 6:8: the term is six weeks and starts the day after the decision was sent; an
objection on the last day of the sixth week is in time. A term that would end on a Saturday, Sunday
or public holiday runs on to the next working day (Algemene termijnenwet, `kit.terms`)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from dialoog.kit.terms import term_end


class ObjectionState(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    UPHELD = "upheld"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


TRANSITIONS: dict[ObjectionState, frozenset[ObjectionState]] = {
    ObjectionState.RECEIVED: frozenset({ObjectionState.IN_PROGRESS, ObjectionState.WITHDRAWN}),
    ObjectionState.IN_PROGRESS: frozenset(
        {ObjectionState.UPHELD, ObjectionState.REJECTED, ObjectionState.WITHDRAWN}
    ),
    ObjectionState.UPHELD: frozenset(),
    ObjectionState.REJECTED: frozenset(),
    ObjectionState.WITHDRAWN: frozenset(),
}


def last_day(sent_on: date, weeks: int = 6) -> date:
    """The last day an objection is in time: the term starts the day after sending and runs
    `weeks` weeks, so it ends on the same weekday `weeks` weeks after sending, or on the first
    working day after that when that day is a Saturday, Sunday or public holiday (Atw art. 1)."""
    return term_end(sent_on + timedelta(weeks=weeks))


def in_time(sent_on: date, filed_on: date, weeks: int = 6) -> bool:
    """In time up to the last day; one filed on the day of sending is accepted too (Awb 6:10)."""
    return sent_on <= filed_on <= last_day(sent_on, weeks)


def can_move(current: ObjectionState, target: ObjectionState) -> bool:
    return target in TRANSITIONS[current]
