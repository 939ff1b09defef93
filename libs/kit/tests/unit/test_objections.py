from datetime import date

import pytest

from dialoog.kit.errors import Problem
from dialoog.kit.objections import ObjectionState as S
from dialoog.kit.objections import can_move, check_in_time, check_move, in_time, last_day


def test_the_term_is_six_weeks_from_the_day_after_sending():
    sent = date(2026, 1, 5)  # a Monday
    assert last_day(sent) == date(2026, 2, 16)
    assert in_time(sent, date(2026, 2, 16))
    assert not in_time(sent, date(2026, 2, 17))
    assert in_time(sent, sent)
    assert not in_time(sent, date(2026, 1, 4))


def test_states_move_forward_only():
    assert can_move(S.RECEIVED, S.IN_PROGRESS) and can_move(S.IN_PROGRESS, S.UPHELD)
    assert can_move(S.RECEIVED, S.WITHDRAWN)
    assert not can_move(S.RECEIVED, S.UPHELD)  # it is handled before it is decided
    assert not can_move(S.REJECTED, S.IN_PROGRESS)


def test_a_term_that_would_end_on_new_years_day_ends_on_the_next_working_day():
    # Sent Friday 20 November 2026: six weeks end on Friday 1 January 2027, New Year's Day.
    sent = date(2026, 11, 20)
    assert last_day(sent) == date(2027, 1, 4)  # Saturday 2 and Sunday 3 January pass too
    assert in_time(sent, date(2027, 1, 4))
    assert not in_time(sent, date(2027, 1, 5))


def test_a_term_across_the_new_year_that_ends_on_a_working_day_is_six_weeks():
    # Sent on Christmas Eve (Thursday): the term crosses 1 January and ends on 4 February.
    assert last_day(date(2026, 12, 24)) == date(2027, 2, 4)


def test_a_letter_sent_on_a_saturday_ends_its_term_on_the_monday():
    assert last_day(date(2027, 1, 2)) == date(2027, 2, 15)


def test_christmas_ends_a_term_only_after_boxing_day_and_the_weekend():
    # Sent Friday 13 November 2026: ends Friday 25 December, then 26, 27 December: Monday 28.
    assert last_day(date(2026, 11, 13)) == date(2026, 12, 28)


def test_a_late_objection_is_one_problem_with_the_last_day_in_dutch_and_iso():
    sent = date(2026, 1, 5)
    check_in_time(sent, date(2026, 2, 16))  # the last day: no problem
    with pytest.raises(Problem) as late:
        check_in_time(sent, date(2026, 2, 17))
    body = late.value.body("nl")
    assert body["status"] == 422 and body["code"] == "objection-late"
    assert body["last_day"] == "2026-02-16"
    assert "de laatste dag was 16 februari 2026" in body["detail"]
    assert "2026-02-16" in body["i18n"]["en"]["detail"]


def test_a_move_names_a_known_state_that_follows():
    assert check_move("received", "in_progress") is S.IN_PROGRESS
    with pytest.raises(Problem) as wrong:
        check_move("received", "upheld")
    assert (wrong.value.status, wrong.value.code) == (409, "objection-transition")
    with pytest.raises(Problem) as unknown:
        check_move("received", "gegrond")
    assert (unknown.value.status, unknown.value.body("en")["errors"][0]["field"]) == (422, "body.state")
