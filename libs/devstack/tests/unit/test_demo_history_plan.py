"""The lived-in demo's plan (ADR 0032), without a stack: who is there, which talks and agreements
each person gets, on any day of the year."""

from datetime import date

import pytest

from dialoog.contracts.cycle.presets import PRESETS
from dialoog.devstack import demo_history, history_people
from dialoog.devstack.demo_salary import SCALES
from dialoog.kit import clock


@pytest.mark.parametrize("tenant", ["bel", "heemstede", "rijk"])
def test_a_few_dozen_colleagues_in_several_teams_each_with_a_manager(tenant):
    people = history_people.colleagues(tenant, date(2026, 12, 1))
    numbers = [p.number for p in people]
    assert len(people) >= 30 and len(set(numbers)) == len(numbers)
    assert len({p.email for p in people}) == len(people)
    assert len({p.unit for p in people}) >= 4
    managers = {p.number for p in people if p.is_manager} | {f"{tenant}-001"}
    assert all(p.manager_number in managers for p in people if not p.is_manager)
    for p in people:  # every step exists in its scale
        assert 0 <= p.step < len(SCALES[p.scale])
    # The same list on every run (a rerun imports the same people).
    assert history_people.people_csv(tenant, date(2026, 12, 1)) == history_people.people_csv(
        tenant, date(2026, 12, 1)
    )


def _person(index: int) -> demo_history.Person:
    return demo_history.Person("id", f"x-{index}", "Iemand", "user", "x-001", index)


@pytest.mark.parametrize("preset", ["continuous", "three_talks", "four_levels"])
def test_a_finished_year_has_every_talk_the_cycle_expects(preset):
    definition = PRESETS[preset]
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    for index in range(10):
        talks = demo_history._talks(preset, _person(index), start, end, full=True)
        held = [t[0] for t in talks]
        for talk in definition.talk_types:
            assert held.count(talk.key) >= talk.per_period.min, (preset, index, talk.key)
            if talk.per_period.max is not None:
                assert held.count(talk.key) <= talk.per_period.max
        for kind, recorder, body in talks:
            spec = definition.talk(kind)
            assert recorder in spec.recorded_by and body["initiated_by"] in spec.initiated_by
            assert start <= date.fromisoformat(body["held_on"]) <= end
            assert ("conclusion" in body) == spec.ends_with_conclusion


@pytest.mark.parametrize("preset", ["continuous", "three_talks", "four_levels"])
def test_this_year_some_expected_talks_are_missing(preset):
    start, today = date(2026, 1, 1), date(2026, 12, 1)
    counts = [len(demo_history._talks(preset, _person(i), start, today, full=False)) for i in range(10)]
    assert 0 in counts and max(counts) > 0


def test_this_years_agreements_come_in_several_states():
    states = {
        (writer, both)
        for i in range(12)
        for writer, _, _, both in demo_history._agreements(_person(i), False)
    }
    assert {("employee", True), ("employee", False), ("manager", False)} <= states
    assert any(not demo_history._agreements(_person(i), False) for i in range(12))  # none yet


@pytest.mark.parametrize("today", [date(2027, 1, 1), date(2028, 2, 29), date(2026, 12, 31)])
def test_any_day_last_year_is_played_on_its_last_days_and_this_year_fits(today):
    with clock.pinned(today):
        day = demo_history._last_day(today)
    assert day.year == today.year - 1 and day.month == 12 and day.day in (30, 31)
    start = date(today.year, 1, 1)
    for index in range(5):
        for _, _, body in demo_history._talks("continuous", _person(index), start, today, full=False):
            assert start <= date.fromisoformat(body["held_on"]) <= today


def test_a_size_gives_the_first_handful_of_colleagues_and_their_rows_only():
    day = date(2026, 12, 1)
    every = history_people.colleagues("bel", day)
    few = history_people.colleagues("bel", day, 4)
    assert few == every[:4] and all(p.manager_number == "bel-001" for p in few)  # Mark's team
    assert len(history_people.people_csv("bel", day, 4).splitlines()) == 1 + 4
    assert len(history_people.steps_csv("bel", day, 2026, 4).splitlines()) == 1 + 4
    assert history_people.people_csv("bel", day, None) == history_people.people_csv("bel", day)


def test_sanne_whom_a_visitor_logs_in_as_has_an_agreement_to_confirm_and_one_waiting_for_her_manager():
    sanne = _person(1)  # -002, after Mark Jansen (-001) in employee-number order
    mine = demo_history._agreements(sanne, False)
    assert ("manager", False) in {(writer, both) for writer, _, _, both in mine}  # hers to confirm
    assert ("employee", False) in {(writer, both) for writer, _, _, both in mine}  # Mark's to confirm
    assert all(both for _, _, _, both in demo_history._agreements(sanne, True))  # last year: by both
