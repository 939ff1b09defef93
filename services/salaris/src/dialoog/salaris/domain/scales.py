"""Salary scales and steps (CAR art. 3:4): who is eligible for a periodic raise, and what a
positive decision does. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise


@dataclass(frozen=True)
class Scale:
    name: str
    valid_from: date
    amounts: tuple[int, ...]  # monthly gross in cents; the index is the step

    @property
    def max_step(self) -> int:
        return len(self.amounts) - 1

    def amount(self, step: int) -> int:
        return self.amounts[min(max(step, 0), self.max_step)]


def in_force(versions: list[Scale], on: date) -> Scale | None:
    """The version of a scale in force on `on`; versions in order of their valid-from date."""
    current = None
    for version in versions:
        if version.valid_from > on:
            break
        current = version
    return current


def validate_amounts(amounts: list[int]) -> str | None:
    """None when the steps make a scale, else why not (in English; callers translate)."""
    if len(amounts) < 2:
        return "a scale has at least two steps"
    if any(a <= 0 for a in amounts):
        return "every amount is positive"
    if any(b <= a for a, b in pairwise(amounts)):
        return "each step pays more than the one before"
    return None


def on_probation(probation_end: date | None, reference: date) -> bool:
    return probation_end is not None and probation_end >= reference


def eligible(
    step: int, max_step: int, *, probation_end: date | None, reference: date, probation_eligible: bool
) -> bool:
    """Not yet at the maximum step of the scale; during probation only where the tenant says so."""
    if step >= max_step:
        return False
    return probation_eligible or not on_probation(probation_end, reference)


def new_step(step: int, max_step: int, outcome: str) -> int:
    """A positive decision moves one step up, never past the maximum."""
    return min(step + 1, max_step) if outcome == "yes" else step


def reference_date(year: int, day_month: str = "01-01") -> date:
    """The reference date (peildatum) of the round held in `year`: by default 1 January of the next
    year, when the raise takes effect."""
    day, month = (int(x) for x in day_month.split("-"))
    return date(year + 1, month, day)
