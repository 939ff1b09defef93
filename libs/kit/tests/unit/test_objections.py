from datetime import date

from dialoog.kit.objections import ObjectionState as S
from dialoog.kit.objections import can_move, in_time, last_day


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
