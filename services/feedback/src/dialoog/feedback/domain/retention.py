"""Retention (issue 12 point 8), pure: when the answers of a request are deleted."""

from __future__ import annotations

from datetime import date, timedelta

DEFAULT_MONTHS = 12


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def delete_after(created: date, months: int) -> date:
    """The day from which a request's answers are gone: `months` after the request was made."""
    return add_months(created, months)


def created_before(today: date, months: int) -> date:
    """Requests made before this day are past their retention on `today`: the first day of
    making whose `delete_after` is still to come (found from `today - months`, which is always
    due, a few days at most on account of month ends)."""
    day = add_months(today, -months)
    while delete_after(day, months) <= today:
        day += timedelta(days=1)
    return day
