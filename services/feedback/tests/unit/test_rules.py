"""Limits, states, retention dates and answer rules of feedback."""

from datetime import UTC, date, datetime, timedelta

import pytest

from dialoog.feedback.domain.limits import Caps, deadline_fits, may_remind, over_cap, seconds_until_tomorrow
from dialoog.feedback.domain.questions import DEFAULT_SETS, answer_problems, duplicate_keys, with_keys
from dialoog.feedback.domain.retention import add_months, created_before, delete_after
from dialoog.feedback.domain.states import StepRefused, giver_step, request_state

QUESTIONS = [
    {"key": "a", "text": {"nl": "x"}, "kind": "rating", "comment": True},
    {"key": "b", "text": {"nl": "y"}, "kind": "open", "comment": False},
]


def test_the_eleventh_outsider_of_the_day_is_over_a_cap_of_ten():
    caps = Caps(per_requester=10, per_tenant=200)
    assert over_cap(caps, 9, 50, 1) is None
    over = over_cap(caps, 10, 50, 1)
    assert over and over.which == "requester" and over.cap == 10
    assert over_cap(caps, 0, 200, 1).which == "tenant"
    assert over_cap(caps, 10, 200, 0) is None


def test_retry_after_runs_to_midnight_in_the_netherlands():
    # 22:30 UTC in winter is 23:30 in Amsterdam: half an hour to go.
    assert seconds_until_tomorrow(datetime(2026, 12, 1, 22, 30, tzinfo=UTC)) == 1800


def test_deadline_from_today_to_ninety_days_and_one_reminder_a_day():
    today = date(2026, 12, 1)
    assert deadline_fits(today, today) and deadline_fits(date(2027, 3, 1), today)
    assert not deadline_fits(date(2026, 11, 30), today) and not deadline_fits(date(2027, 3, 2), today)
    assert may_remind(None, today) and may_remind(date(2026, 11, 30), today) and not may_remind(today, today)


def test_giver_steps():
    assert giver_step("asked", "draft") == "draft"
    assert giver_step("draft", "answer") == "answered"
    assert giver_step("answered", "withdraw") == "withdrawn"
    for state, step in (
        ("answered", "answer"),
        ("declined", "answer"),
        ("answered", "draft"),
        ("withdrawn", "answer"),
    ):
        with pytest.raises(StepRefused):
            giver_step(state, step)


def test_a_request_expires_the_day_after_its_deadline():
    assert request_state("open", date(2026, 12, 1), date(2026, 12, 1)) == "open"
    assert request_state("open", date(2026, 12, 1), date(2026, 12, 2)) == "expired"
    assert request_state("closed", date(2026, 12, 1), date(2026, 12, 2)) == "closed"


def test_retention_months_end_of_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 1), -12) == date(2025, 12, 1)
    # Made on 28 February: gone from 28 March, so due on 31 March; made on 1 March: not yet.
    assert created_before(date(2027, 3, 31), 1) == date(2027, 3, 1)
    # A year with 29 February in it: made on 30 June 2027, gone from 30 June 2028 (366 days on).
    assert created_before(date(2028, 6, 30), 12) == date(2027, 7, 1)


def test_a_request_is_past_its_retention_exactly_from_its_delete_after_day():
    start = date(2027, 1, 1)
    for offset in range(0, 800, 7):
        today = start + timedelta(days=offset)
        for months in (1, 6, 12):
            bound = created_before(today, months)
            for made in (bound - timedelta(days=k) for k in range(1, 40)):
                assert delete_after(made, months) <= today, (today, months, made)
            for made in (bound + timedelta(days=k) for k in range(0, 40)):
                assert delete_after(made, months) > today, (today, months, made)


def test_questions_get_keys_and_duplicates_are_found():
    keyed = with_keys([{"text": "a"}, {"key": "q1", "text": "b"}, {"text": "c"}])
    assert [q["key"] for q in keyed] == ["q2", "q1", "q3"]
    assert duplicate_keys([{"key": "a"}, {"key": "a"}]) == ["a"]


def test_defaults_hold_seed_001_topics_a_to_f():
    assert [q["key"] for q in DEFAULT_SETS[0]["questions"]] == list("abcdef")


def test_answers_must_fit_their_questions():
    assert (
        answer_problems(QUESTIONS, [{"question_key": "a", "rating": 4, "comment": "ok"}], complete=True) == []
    )
    fields = {
        e[0]
        for e in answer_problems(
            QUESTIONS,
            [
                {"question_key": "a", "text": "x"},
                {"question_key": "b", "rating": 3},
                {"question_key": "z", "text": "?"},
            ],
            complete=True,
        )
    }
    assert fields == {
        "body.answers[0].rating",
        "body.answers[0].text",
        "body.answers[1].rating",
        "body.answers[1].text",
        "body.answers[2].question_key",
    }
    assert answer_problems(QUESTIONS, [], complete=True)[0][0] == "body.answers"
    assert answer_problems(QUESTIONS, [], complete=False) == []
