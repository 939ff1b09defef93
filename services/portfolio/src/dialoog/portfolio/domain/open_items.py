"""What is open for an employee in her period (the home's "what's next", ADR 0038): pure rules
over what the repository counted."""

from __future__ import annotations

from dialoog.contracts.cycle.schema import CycleDefinition, TalkType


def expected_talk(definition: CycleDefinition, held: dict[str, int]) -> TalkType | None:
    """The first talk type of the cycle (in its own order) held fewer times than its minimum."""
    return next((t for t in definition.talk_types if held.get(t.key, 0) < t.per_period.min), None)
