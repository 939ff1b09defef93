"""The states of a request and of each giver, as transition tables (pure)."""

from __future__ import annotations

from datetime import date
from typing import Literal

RequestState = Literal["open", "closed", "expired"]
GiverState = Literal["asked", "draft", "answered", "declined", "withdrawn"]

# What a giver may do from each state.
GIVER_STEPS: dict[str, dict[str, GiverState]] = {
    "asked": {"draft": "draft", "answer": "answered", "decline": "declined", "withdraw": "withdrawn"},
    "draft": {"draft": "draft", "answer": "answered", "decline": "declined", "withdraw": "withdrawn"},
    "answered": {"withdraw": "withdrawn"},
    "declined": {},
    "withdrawn": {},
}


class StepRefused(Exception):
    def __init__(self, state: str, step: str) -> None:
        super().__init__(f"{step} from {state}")
        self.state = state
        self.step = step


def giver_step(state: str, step: str) -> GiverState:
    try:
        return GIVER_STEPS[state][step]
    except KeyError:
        raise StepRefused(state, step) from None


def request_state(stored: str, deadline: date, today: date) -> RequestState:
    """A request is open until it is closed or its deadline has passed (the deadline day counts)."""
    if stored == "open" and deadline < today:
        return "expired"
    return stored  # type: ignore[return-value]


def open_states(state: str) -> bool:
    return state == "open"
