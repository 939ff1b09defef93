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


def reminder_dates(deadline: date, days_before: list[int], opened_on: date) -> list[date]:
    """The reminder days before the deadline that still lie ahead, earliest first."""
    days = {deadline - timedelta(days=d) for d in days_before if d > 0}
    return sorted(d for d in days if d > opened_on)


def can_decide(status: str) -> bool:
    return status in (RoundStatus.DECIDING, RoundStatus.ESCALATED)
