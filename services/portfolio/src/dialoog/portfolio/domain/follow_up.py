"""HR follow-up (seeds 001 and 004, ADR 0035): which figures of a unit are group figures, and when
they are hidden so that no person can be singled out. Pure: the repository counts, this decides.

A group figure is shown only when the group it is counted over has at least MINIMUM_GROUP_SIZE
people. The group is the people the figure could be about, not the whole unit: the conclusion
distribution is counted over the people with a conclusion, the workload topic over the people
who had a talk (the named list of people without a talk would otherwise show who is left)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dialoog.contracts.cycle.schema import CycleDefinition

MINIMUM_GROUP_SIZE = 5
# Seed 001 topic e ("Zijn de belasting-belastbaarheid en werk-privé in balans?"), the preset's key.
WORKLOAD_TOPIC = "e_workload_balance"
GROUP_FIGURES = ("workload_raised", "conclusions")


def shown(group_size: int, minimum: int = MINIMUM_GROUP_SIZE) -> bool:
    """A figure about a group is shown only for a group of at least `minimum` people."""
    return group_size >= minimum


@dataclass(frozen=True)
class CycleFacts:
    """What the cycle in force records: whether a talk has the workload topic, and the conclusion
    levels in the scale's order (empty: the cycle ends no talk with a conclusion)."""

    workload_topic: bool
    levels: tuple[str, ...]

    @classmethod
    def of(cls, definition: CycleDefinition | None) -> CycleFacts:
        if definition is None:
            return cls(False, ())
        topic = any(topic.key == WORKLOAD_TOPIC for talk in definition.talk_types for topic in talk.topics)
        scale = definition.conclusion_scale
        return cls(topic, tuple(level.key for level in scale.levels) if scale else ())


def unit_figures(counts: Mapping, conclusions: Mapping[str, int], facts: CycleFacts) -> dict:
    """A unit's follow-up figures from its counts (`employees`, `without_talk`, `talked`,
    `workload_raised`, `overdue_agreements`, `development_agreements`) and its conclusions per
    level. Group figures below the minimum group size become None and are named in `hidden`; a
    figure the cycle does not record is None and not named there."""
    talked = int(counts["talked"])
    concluded = sum(conclusions.get(level, 0) for level in facts.levels)
    hidden: list[str] = []
    workload = None
    if facts.workload_topic:
        if shown(talked):
            workload = int(counts["workload_raised"])
        else:
            hidden.append("workload_raised")
    distribution = None
    if facts.levels:
        if shown(concluded):
            distribution = [{"level": level, "count": conclusions.get(level, 0)} for level in facts.levels]
        else:
            hidden.append("conclusions")
    return {
        "org_unit_id": counts["org_unit_id"],
        "employees": int(counts["employees"]),
        "without_talk": int(counts["without_talk"]),
        "overdue_agreements": int(counts["overdue_agreements"]),
        "development_agreements": int(counts["development_agreements"]),
        "talked": talked,
        "workload_raised": workload,
        "concluded": concluded if distribution is not None else None,
        "conclusions": distribution,
        "hidden": hidden,
    }


def level_counts(conclusions: Iterable[str]) -> dict[str, int]:
    """The latest conclusion of each person of a unit, counted per level."""
    return dict(Counter(conclusions))
