"""The round's and the decisions' transition tables (domain/rounds.py). Pure."""

import itertools

import pytest

from dialoog.salaris.domain.rounds import (
    DECISION_TRANSITIONS,
    ROUND_TRANSITIONS,
    RoundTransitionError,
    can_decide,
    can_move_decision,
    can_move_round,
    reaches,
    reminders_ahead,
    round_step,
)
from dialoog.salaris.domain.rounds import (
    DecisionStatus as D,
)
from dialoog.salaris.domain.rounds import (
    RoundStatus as R,
)


def test_every_state_has_a_row_and_every_round_ends_closed():
    assert set(ROUND_TRANSITIONS) == set(R) and set(DECISION_TRANSITIONS) == set(D)
    assert all(reaches(s, R.CLOSED) for s in R if s != R.CLOSED)
    assert ROUND_TRANSITIONS[R.CLOSED] == frozenset()


def test_the_round_runs_forward_through_its_stages():
    path = [R.OPENING, R.DECIDING, R.ESCALATED, R.APPROVED, R.LETTERS_SENT, R.APPLIED, R.CLOSED]
    assert all(can_move_round(a, b) for a, b in itertools.pairwise(path))
    assert can_move_round(R.DECIDING, R.APPROVED)  # HR approves before the deadline: no escalation
    assert not can_move_round(R.APPROVED, R.DECIDING) and not can_move_round(R.OPENING, R.APPROVED)


def test_a_repeated_or_overtaken_step_is_no_move_and_a_skipped_one_a_bug():
    assert round_step(R.OPENING, R.DECIDING) is True
    assert round_step(R.DECIDING, R.DECIDING) is False  # announce repeated
    assert round_step(R.APPROVED, R.ESCALATED) is False  # the deadline passed after approval
    assert round_step(R.CLOSED, R.CLOSED) is False
    with pytest.raises(RoundTransitionError):
        round_step(R.OPENING, R.LETTERS_SENT)


def test_deciding_is_open_while_the_round_can_be_approved():
    assert [s for s in R if can_decide(s)] == [R.DECIDING, R.ESCALATED]
    assert [s for s in R if reminders_ahead(s)] == [R.OPENING, R.DECIDING, R.ESCALATED]


def test_a_decision_is_remade_until_approved_and_only_a_made_one_goes_back():
    assert can_move_decision(D.OPEN, D.DECIDED) and can_move_decision(D.DECIDED, D.DECIDED)
    assert can_move_decision(D.RETURNED, D.DECIDED) and can_move_decision(D.DECIDED, D.RETURNED)
    assert not can_move_decision(D.OPEN, D.RETURNED)
    assert not any(can_move_decision(D.APPROVED, s) for s in D)
