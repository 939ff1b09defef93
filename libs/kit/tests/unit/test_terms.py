"""The Algemene termijnenwet: weekends and the recognised public holidays extend a legal term."""

from datetime import date

import pytest

from dialoog.kit.terms import easter, is_working_day, public_holidays, term_end


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2028, date(2028, 4, 16)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter(year, sunday):
    assert easter(year) == sunday


def test_the_holidays_of_2027():
    assert public_holidays(2027) == {
        date(2027, 1, 1),
        date(2027, 3, 29),  # Easter Monday
        date(2027, 4, 27),  # King's Day (a Tuesday)
        date(2027, 5, 5),
        date(2027, 5, 6),  # Ascension Day
        date(2027, 5, 17),  # Whit Monday
        date(2027, 12, 25),
        date(2027, 12, 26),
    }


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday():
    assert date(2025, 4, 26) in public_holidays(2025) and date(2025, 4, 27) not in public_holidays(2025)


def test_good_friday_and_new_years_eve_are_working_days_under_the_atw():
    assert is_working_day(date(2027, 3, 26)) and is_working_day(date(2027, 12, 31))


def test_term_end_moves_past_weekends_and_holidays_only():
    assert term_end(date(2027, 2, 4)) == date(2027, 2, 4)  # a Thursday
    assert term_end(date(2028, 2, 26)) == date(2028, 2, 28)  # Saturday -> Monday
    assert term_end(date(2028, 2, 29)) == date(2028, 2, 29)  # a leap day that is a Tuesday
    assert term_end(date(2027, 5, 5)) == date(2027, 5, 7)  # 5 May, then Ascension Day
