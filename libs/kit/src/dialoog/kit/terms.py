"""Legal terms on the Dutch calendar: the Algemene termijnenwet (Atw). Pure.

Atw art. 1: a term set by law (the six weeks to object, Awb art. 6:7) whose last day falls on a
Saturday, a Sunday or a generally recognised public holiday runs on to the next day that is none of
these. Atw art. 3: the holidays are New Year's Day, Easter Monday and Whit Monday, both Christmas
days, Ascension Day, the King's birthday as celebrated (27 April, or 26 April when the 27th is a
Sunday) and 5 May. So a term that would end on 1 January ends on the first working day after it."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache


def easter(year: int) -> date:
    """Easter Sunday (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[date]:
    """The Atw's generally recognised public holidays of `year`."""
    e = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            e + timedelta(days=1),  # Easter Monday
            e + timedelta(days=39),  # Ascension Day
            e + timedelta(days=50),  # Whit Monday
            kings_day,
            date(year, 5, 5),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def term_end(last: date) -> date:
    """The last day of a legal term that would end on `last`, moved on past weekends and public
    holidays (Atw art. 1)."""
    while not is_working_day(last):
        last += timedelta(days=1)
    return last
