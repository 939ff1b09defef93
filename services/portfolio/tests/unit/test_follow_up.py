"""HR follow-up's suppression rule (ADR 0035): a group figure is shown only for a group of at
least five people, counted over the people it could be about; what the cycle does not record is
absent, not hidden."""

from dialoog.contracts.cycle.presets import CONTINUOUS, FOUR_LEVELS, THREE_TALKS
from dialoog.portfolio.domain.follow_up import (
    MINIMUM_GROUP_SIZE,
    CycleFacts,
    level_counts,
    shown,
    unit_figures,
)

RIJK = CycleFacts.of(FOUR_LEVELS)
BEL = CycleFacts.of(CONTINUOUS)


def counts(**overrides):
    base = {
        "org_unit_id": "u1",
        "employees": 8,
        "without_talk": 2,
        "talked": 6,
        "workload_raised": 3,
        "overdue_agreements": 1,
        "development_agreements": 4,
    }
    return {**base, **overrides}


def test_the_minimum_group_is_five():
    assert MINIMUM_GROUP_SIZE == 5
    assert [shown(n) for n in (0, 1, 4, 5, 6)] == [False, False, False, True, True]


def test_what_each_preset_records():
    assert BEL == CycleFacts(workload_topic=True, levels=())
    assert RIJK == CycleFacts(workload_topic=False, levels=("++", "+", "+/-", "-"))
    assert CycleFacts.of(THREE_TALKS) == CycleFacts(False, ())
    assert CycleFacts.of(None) == CycleFacts(False, ())


def test_five_conclusions_show_the_distribution_in_the_scales_order():
    figures = unit_figures(counts(), {"+": 3, "++": 1, "-": 1}, RIJK)
    assert figures["conclusions"] == [
        {"level": "++", "count": 1},
        {"level": "+", "count": 3},
        {"level": "+/-", "count": 0},
        {"level": "-", "count": 1},
    ]
    assert figures["concluded"] == 5 and figures["hidden"] == []


def test_four_conclusions_in_a_big_unit_are_hidden():
    """The group is the people with a conclusion: eight in the unit, four concluded, is hidden."""
    figures = unit_figures(counts(employees=8), {"+": 3, "-": 1}, RIJK)
    assert figures["conclusions"] is None and figures["concluded"] is None
    assert figures["hidden"] == ["conclusions"]
    # The named counts stay: HR follows them up person by person.
    assert (figures["employees"], figures["without_talk"], figures["overdue_agreements"]) == (8, 2, 1)


def test_a_level_outside_the_scale_is_not_counted():
    figures = unit_figures(counts(), {"+": 4, "x": 3}, RIJK)
    assert figures["conclusions"] is None and figures["hidden"] == ["conclusions"]


def test_the_workload_topic_is_counted_over_the_people_who_had_a_talk():
    assert unit_figures(counts(talked=5, workload_raised=2), {}, BEL)["workload_raised"] == 2
    hidden = unit_figures(counts(employees=20, talked=4, workload_raised=1), {}, BEL)
    assert hidden["workload_raised"] is None and hidden["hidden"] == ["workload_raised"]


def test_what_the_cycle_does_not_record_is_absent_not_hidden():
    rijk = unit_figures(counts(talked=1), {}, RIJK)
    assert rijk["workload_raised"] is None and "workload_raised" not in rijk["hidden"]
    bel = unit_figures(counts(), {"+": 9}, BEL)
    assert bel["conclusions"] is None and bel["hidden"] == []


def test_the_latest_conclusions_counted_per_level():
    assert level_counts(["+", "-", "+", "++"]) == {"+": 2, "-": 1, "++": 1}
    assert level_counts([]) == {}
