"""Periods, ages and probation on the Dutch calendar: the day is the business clock's. Pure."""

from __future__ import annotations

from datetime import date, timedelta


def period_bounds(day: date, months: int) -> tuple[date, date]:
    """The period covering `day`: a calendar year from 1 January to 31 December (or consecutive
    blocks of `months` from January). The last day belongs to its period; the next day opens the
    next one."""
    block = max(1, min(months, 12))
    start_month = ((day.month - 1) // block) * block + 1
    start = date(day.year, start_month, 1)
    end_month = start_month + block  # the month after the period, possibly in the next year
    after = date(day.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return start, after - timedelta(days=1)


def age_on(born: date | None, day: date) -> int | None:
    """Whole years on `day`; someone born on 29 February is a year older on 1 March in a common
    year."""
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def in_probation(probation_end: date | None, day: date) -> bool:
    """The probation's last day still belongs to it."""
    return probation_end is not None and day <= probation_end
