"""Year boundaries of the portfolio: the period that ends on 31 December, the one that opens on
1 January, a leap day, a birthday on 29 February and a probation that ends on it."""

from datetime import date

import pytest

from dialoog.portfolio.domain.periods import age_on, in_probation, period_bounds


@pytest.mark.parametrize(
    ("day", "bounds"),
    [
        (date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 31))),
        (date(2027, 1, 1), (date(2027, 1, 1), date(2027, 12, 31))),
        (date(2028, 2, 29), (date(2028, 1, 1), date(2028, 12, 31))),
    ],
)
def test_a_year_period_runs_from_1_january_to_31_december(day, bounds):
    assert period_bounds(day, 12) == bounds


def test_half_year_and_quarter_periods_end_on_the_last_day_of_their_month():
    assert period_bounds(date(2028, 2, 29), 6) == (date(2028, 1, 1), date(2028, 6, 30))
    assert period_bounds(date(2026, 12, 31), 6) == (date(2026, 7, 1), date(2026, 12, 31))
    assert period_bounds(date(2028, 2, 29), 3) == (date(2028, 1, 1), date(2028, 3, 31))
    assert period_bounds(date(2027, 2, 28), 2) == (date(2027, 1, 1), date(2027, 2, 28))
    assert period_bounds(date(2028, 2, 29), 2) == (date(2028, 1, 1), date(2028, 2, 29))


def test_someone_born_on_a_leap_day_is_older_from_1_march_in_a_common_year():
    born = date(1976, 2, 29)
    assert age_on(born, date(2027, 2, 28)) == 50
    assert age_on(born, date(2027, 3, 1)) == 51
    assert age_on(born, date(2028, 2, 29)) == 52
    assert age_on(None, date(2028, 2, 29)) is None


def test_a_probation_that_ends_on_29_february_includes_that_day():
    end = date(2028, 2, 29)
    assert in_probation(end, date(2028, 2, 28)) and in_probation(end, end)
    assert not in_probation(end, date(2028, 3, 1))
    assert not in_probation(None, end)
