"""The salary rules of seed 000 (points 5, 6, 9) and DOMAIN.md, without I/O."""

from datetime import UTC, date, datetime

import pytest

from dialoog.contracts.cycle.presets import preset
from dialoog.kit.dutch import euros, long_date
from dialoog.salaris.domain import motivation
from dialoog.salaris.domain.letters import default_settings, letter_data
from dialoog.salaris.domain.rounds import (
    ReminderFate,
    deadline_problem,
    reminder_fate,
    reminder_schedule,
)
from dialoog.salaris.domain.scales import (
    Scale,
    eligible,
    in_force,
    new_step,
    reference_date,
    validate_amounts,
)

GOOD = {
    "results": "Alle drie de resultaatafspraken over de doorlooptijd van vergunningen zijn in september gehaald.",
    "behaviour": "Zij overlegt tijdig met collega's en pakte in het voorjaar de inwerkbegeleiding van twee nieuwe collega's op.",
    "development": "De opleiding Omgevingswet is afgerond; volgend jaar volgt zij de cursus adviesvaardigheden zoals afgesproken.",
}


def test_eligible_only_below_the_maximum_step():
    assert eligible(4, 10, probation_end=None, reference=date(2027, 1, 1), probation_eligible=False)
    assert not eligible(10, 10, probation_end=None, reference=date(2027, 1, 1), probation_eligible=False)


def test_probation_by_the_tenants_rule():
    on_probation = date(2027, 3, 1)
    assert not eligible(
        2, 10, probation_end=on_probation, reference=date(2027, 1, 1), probation_eligible=False
    )
    assert eligible(2, 10, probation_end=on_probation, reference=date(2027, 1, 1), probation_eligible=True)
    ended = date(2026, 6, 1)
    assert eligible(2, 10, probation_end=ended, reference=date(2027, 1, 1), probation_eligible=False)


def test_a_raise_is_one_step_and_never_past_the_maximum():
    assert new_step(4, 10, "yes") == 5
    assert new_step(10, 10, "yes") == 10
    assert new_step(4, 10, "no") == 4


def test_reference_date_is_1_january_after_the_round():
    assert reference_date(2026) == date(2027, 1, 1)
    assert reference_date(2026, "01-07") == date(2027, 7, 1)


@pytest.mark.parametrize(
    ("amounts", "ok"),
    [
        ([300000, 310000], True),
        ([300000], False),
        ([300000, 300000], False),
        ([0, 100], False),
        ([2, 1], False),
    ],
)
def test_scale_steps_rise(amounts, ok):
    assert (validate_amounts(amounts) is None) is ok


def test_scale_amount_clamps_to_its_steps():
    s = Scale("8", date(2026, 1, 1), (100, 200, 300))
    assert s.max_step == 2 and s.amount(5) == 300


def test_a_specific_motivation_passes():
    assert motivation.check(GOOD) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Functioneert naar behoren.",
        "goed goed goed goed goed goed goed goed",
        "Zie vorig jaar, akkoord, prima.",
    ],
)
def test_empty_or_boilerplate_is_refused_per_field(text):
    errors = motivation.check({**GOOD, "behaviour": text})
    assert [e.field for e in errors] == ["behaviour"]
    assert errors[0].nl and errors[0].en


def test_the_same_text_twice_is_refused():
    errors = motivation.check({**GOOD, "development": GOOD["results"]})
    assert [e.field for e in errors] == ["development"]
    assert "resultaatafspraken" in errors[0].nl


def test_reward_advice_feeds_the_outcome_by_the_tenants_conclusion_scale():
    four = preset("four_levels").conclusion_scale.model_dump(mode="json")
    assert motivation.advised_outcome("+", four) == "yes"
    assert motivation.advised_outcome("++", four) == "yes"
    assert motivation.advised_outcome("+/-", four) == "no"
    assert motivation.advised_outcome("-", four) == "no"
    assert motivation.advised_outcome(None, four) is None
    assert motivation.advised_outcome("+", None) is None  # a cycle without conclusions


def test_a_tenants_own_levels_decide_what_they_advise():
    own = {
        "levels": [
            {"key": "A", "label": {"nl": "a", "en": "a"}, "advises_raise": True},
            {"key": "B", "label": {"nl": "b", "en": "b"}, "advises_raise": False},
            {"key": "C", "label": {"nl": "c", "en": "c"}},
        ]
    }
    assert [motivation.advised_outcome(k, own) for k in ("A", "B", "C", "+")] == ["yes", "no", None, None]


def test_every_reminder_day_before_the_deadline_earliest_first():
    assert reminder_schedule(date(2026, 12, 15), [14, 3, 30, 3, 0]) == [
        date(2026, 11, 15),
        date(2026, 12, 1),
        date(2026, 12, 12),
    ]


def at(day: int, hour: int = 8) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=UTC)


def test_a_reminder_waits_for_its_moment_and_goes_when_it_comes():
    assert reminder_fate(at(10), at(20), at(1), at(5)) == ReminderFate.WAIT
    assert reminder_fate(at(10), at(20), at(1), at(10)) == ReminderFate.SEND


def test_a_reminder_due_before_the_announcement_is_skipped():
    # Opened on the 12th with a deadline on the 24th: "14 days before" was the 10th.
    assert reminder_fate(at(10), at(21), at(12, 9), at(12, 9)) == ReminderFate.SKIPPED_ANNOUNCED


def test_of_reminders_missed_while_the_worker_was_down_only_the_latest_goes_out_at_once():
    # Both the 10th and the 14th passed while nothing ran; it is the 15th.
    assert reminder_fate(at(10), at(14), at(1), at(15)) == ReminderFate.SKIPPED_SUPERSEDED
    assert reminder_fate(at(14), None, at(1), at(15)) == ReminderFate.SEND


def test_a_round_without_a_known_announcement_never_skips_for_it():
    assert reminder_fate(at(10), None, None, at(15)) == ReminderFate.SEND


def test_a_round_on_time_closes_before_its_reference_date():
    ref = date(2027, 1, 1)
    assert deadline_problem(date(2026, 12, 31), ref, date(2026, 12, 1)) is None
    assert deadline_problem(date(2027, 1, 1), ref, date(2026, 12, 1))[1].startswith("the deadline is before")


def test_a_round_opened_late_in_january_may_run_up_to_thirteen_weeks_past_its_reference_date():
    ref = date(2027, 1, 1)
    assert deadline_problem(date(2027, 1, 20), ref, date(2027, 1, 4)) is None
    assert deadline_problem(date(2027, 4, 2), ref, date(2027, 1, 4)) is None  # 1 January + 13 weeks
    assert "2027-04-02" in deadline_problem(date(2027, 4, 3), ref, date(2027, 1, 4))[0]


def test_dutch_notation():
    assert long_date(date(2027, 1, 1)) == "1 januari 2027"
    assert euros(367200) == "€ 3.672,00"
    assert euros(123456789) == "€ 1.234.567,89"


def test_letter_data_states_steps_amounts_and_the_objection_term():
    d = letter_data(
        settings=default_settings("BEL Combinatie"),
        employee_name="Sanne de Vries",
        employee_number="bel-002",
        decision={
            "id": "2b7c0c4e-0000-0000-0000-000000000000",
            "decision_version": 1,
            "scale": "8",
            "step": 4,
            "new_step": 5,
            "outcome": "yes",
            "motivation": GOOD,
        },
        amounts_before=(100, 200, 300, 400, 347000, 360000),
        amounts_after=(100, 200, 300, 400, 353940, 367200),
        sent_on=date(2026, 12, 17),
        effective_on=date(2027, 1, 1),
    )
    assert d["old_step"] == "4" and d["new_step"] == "5"
    assert d["old_amount"] == "€ 3.470,00" and d["new_amount"] == "€ 3.672,00"
    assert d["objection_deadline"] == "28 januari 2027"
    assert "trede 4 naar trede 5" in d["decision_text"]


def test_the_scale_version_in_force_on_a_day():
    old, new = Scale("8", date(2026, 1, 1), (1, 2)), Scale("8", date(2027, 1, 1), (3, 4))
    assert in_force([old, new], date(2026, 12, 31)) is old
    assert in_force([old, new], date(2027, 1, 1)) is new
    assert in_force([old, new], date(2025, 6, 1)) is None


def test_a_probation_that_ends_on_29_february():
    end = date(2028, 2, 29)
    kwargs = {"probation_end": end, "probation_eligible": False}
    # Round 2027 (reference 1 January 2028): still on probation, not eligible.
    assert not eligible(3, 10, reference=reference_date(2027), **kwargs)
    # A tenant whose reference date is 1 March: the probation ended the day before.
    assert reference_date(2027, "01-03") == date(2028, 3, 1)
    assert eligible(3, 10, reference=reference_date(2027, "01-03"), **kwargs)
    assert eligible(3, 10, reference=reference_date(2028), **kwargs)


def test_an_unreadable_csv_is_a_problem_and_extra_cells_do_not_crash():
    from dialoog.kit.errors import Problem
    from dialoog.salaris.service.salary import _rows

    header, rows = _rows("scale;valid_from;step;amount\n7;2026-01-01;0;300000;surplus\n")
    assert header == ["scale", "valid_from", "step", "amount"] and rows[0]["amount"] == "300000"
    with pytest.raises(Problem) as refused:
        _rows('scale;valid_from\n"7;2026-01-01\n')
    assert refused.value.status == 422
