"""Objections (bezwaar) against a decision, shared by every decision that can be objected to
(portfolio's assessments and formal decisions, salaris' salary decisions): the legal term, the
states, and the two problems they raise (`objection-late`, `objection-transition`). Pure.

Both services file an objection with `grounds` and move it with `PATCH` on the objection and
`state` (ADR 0017).

Awb art. 6:7 and 6:8: the term is six weeks and starts the day after the decision was sent; an
objection on the last day of the sixth week is in time. A term that would end on a Saturday, Sunday
or public holiday runs on to the next working day (Algemene termijnenwet, `kit.terms`)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from dialoog.kit.dutch import long_date
from dialoog.kit.errors import Text
from dialoog.kit.problems import conflict, invalid_field, problem
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


def check_in_time(sent_on: date, filed_on: date, weeks: int = 6) -> None:
    """Refuse a late objection: 422 `objection-late`, the last day in Dutch notation in the Dutch
    detail and as `YYYY-MM-DD` in `last_day`."""
    if in_time(sent_on, filed_on, weeks):
        return
    day = last_day(sent_on, weeks)
    raise problem(
        "objection-late",
        Text(
            f"De bezwaartermijn van {weeks} weken is verstreken; de laatste dag was {long_date(day)}.",
            f"The {weeks}-week objection term has passed; the last day was {day.isoformat()}.",
        ),
        last_day=day.isoformat(),
    )


def check_move(current: str, target: str, field: str = "body.state") -> ObjectionState:
    """The state `target` names, when an objection in `current` may move there: otherwise 422
    `validation` (no such state) or 409 `objection-transition`."""
    try:
        state = ObjectionState(target)
    except ValueError:
        raise invalid_field(field, "onbekende stand", "unknown state") from None
    if not can_move(ObjectionState(current), state):
        raise conflict(
            "objection-transition",
            f"Van '{current}' kan een bezwaar niet naar '{target}'.",
            f"An objection cannot move from '{current}' to '{target}'.",
        )
    return state
