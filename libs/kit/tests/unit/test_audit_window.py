"""The date range of an audit trail search: business dates (Europe/Amsterdam), both included; an
end before the start is a rule of its own (422 `audit-range-reversed`), not a server error."""

from datetime import UTC, date, datetime, timedelta

import pytest

from dialoog.kit.audit import window
from dialoog.kit.errors import Problem


def test_both_days_are_included_in_dutch_time():
    since, before = window(date(2026, 12, 1), date(2026, 12, 1))
    # Midnight in Amsterdam is 23:00 UTC the evening before in winter.
    assert since == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert before - since == timedelta(days=1)


def test_a_summer_day_starts_at_22_utc():
    since, _ = window(date(2026, 7, 1), None)
    assert since == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)


def test_open_ends_stay_open():
    assert window(None, None) == (None, None)
    assert window(None, date(2026, 1, 31))[0] is None
    assert window(date(2026, 1, 1), None)[1] is None


def test_dates_at_the_ends_of_the_calendar_are_open_ends_not_an_overflow():
    assert window(date.min, date.max) == (None, None)
    assert window(date(1, 1, 1), date(9999, 12, 31)) == (None, None)


def test_an_end_before_the_start_is_its_own_rule():
    with pytest.raises(Problem) as caught:
        window(date(2026, 12, 2), date(2026, 12, 1))
    assert caught.value.status == 422 and caught.value.code == "audit-range-reversed"
    assert "2026-12-01" in caught.value.detail.get("nl") and "before" in caught.value.detail.get("en")
