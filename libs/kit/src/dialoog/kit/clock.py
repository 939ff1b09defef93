"""The one business clock: what "today" and "now" are for Dialoog, in the Netherlands.

Every period, term, eligibility check, reference date, reminder and form default takes its day from
`today()` and its moment from `now()`. Nothing else in the product asks the system for the date
(a unit test greps for it). Timestamps of when a row was written may stay the database's; workflows
take their time from Temporal (`workflow.now()`, shifted by `offset()` as the round's input says).

The clock can be pinned to another day, for tests and demos: `DIALOOG_TODAY=2027-01-01` in the
environment of every process (`pytest --today 2027-01-01` sets it), or `pin()` in this process. A
pinned clock keeps running: it is the real clock moved by whole days, so that the time of day, the
order of events and the day after midnight stay real. `DIALOOG_TODAY_SET_ON` names the real day
on which the pin was taken, so that processes started later (after midnight, say) move by the same
number of days; without it the day the process first reads the clock counts.

Token lifetimes, sessions and other technical expiry use `wall_now()`: the real instant, never
pinned, so that Keycloak and the services agree whatever the business day is."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ENV_TODAY = "DIALOOG_TODAY"
ENV_SET_ON = "DIALOOG_TODAY_SET_ON"

_UNREAD = object()
_shift: object | int = _UNREAD  # whole days between the business calendar and the real one


def wall_now() -> datetime:
    """The real instant (UTC): for token lifetimes, sessions and technical expiry only."""
    return datetime.now(UTC)


def _real_local() -> datetime:
    return wall_now().astimezone(AMSTERDAM)


def parse_pin(value: str) -> date:
    """`YYYY-MM-DD`; anything else is a mistake worth stopping for."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"{ENV_TODAY} must be a date as YYYY-MM-DD, not {value!r}") from exc


def _days() -> int:
    global _shift
    if _shift is _UNREAD:
        pinned = os.environ.get(ENV_TODAY, "").strip()
        if not pinned:
            _shift = 0
        else:
            set_on = os.environ.get(ENV_SET_ON, "").strip()
            real = parse_pin(set_on) if set_on else _real_local().date()
            _shift = (parse_pin(pinned) - real).days
    return _shift  # type: ignore[return-value]


def _moved(real: datetime) -> datetime:
    """The real instant `real` on the business calendar, in Amsterdam: the local time of day moved
    by whole days (so that a pinned 1 July at 23:30 stays 1 July, across daylight saving time)."""
    local = real.astimezone(AMSTERDAM)
    days = _days()
    if not days:
        return local
    return (local.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=AMSTERDAM)


def _local_now() -> datetime:
    return _moved(wall_now())


def now() -> datetime:
    """The business moment, as an aware datetime in UTC (for decided_at, locked_at and the like)."""
    return _local_now().astimezone(UTC)


def today() -> date:
    """Today in the Netherlands: terms, deadlines and reference dates are Dutch calendar days."""
    return _local_now().date()


def offset() -> timedelta:
    """How far the business clock stands from the real one (zero unless pinned), in whole seconds:
    a workflow started now adds it to `workflow.now()`."""
    real = wall_now()
    return timedelta(seconds=round((_moved(real) - real).total_seconds()))


def shift_days() -> int:
    """Whole days between the business calendar and the real one (0: the real clock)."""
    return _days()


def is_pinned() -> bool:
    return _days() != 0


def pin(day: date | None) -> None:
    """Pin this process's clock to `day` from now on (None: the real clock again). For tests; other
    processes follow the environment (`pinned_environment()`)."""
    global _shift
    _shift = 0 if day is None else (day - _real_local().date()).days


@contextmanager
def pinned(day: date) -> Iterator[None]:
    """`with pinned(date(2028, 2, 29)):` this process's business day, for the block."""
    global _shift
    before = _shift
    pin(day)
    try:
        yield
    finally:
        _shift = before


def unpin() -> None:
    """The real clock again, for this process and the processes it starts from now on."""
    pin(None)
    for name in (ENV_TODAY, ENV_SET_ON):
        os.environ.pop(name, None)


def pinned_environment() -> dict[str, str]:
    """The environment that gives a child process the same business day as this one ({} when the
    clock is the real one)."""
    days = _days()
    if not days:
        return {}
    real = _real_local().date()
    return {ENV_TODAY: (real + timedelta(days=days)).isoformat(), ENV_SET_ON: real.isoformat()}


def dutch_date(moment: datetime) -> date:
    """The Dutch calendar day of an aware moment (a workflow's `workflow.now()`, say)."""
    return moment.astimezone(AMSTERDAM).date()


def dutch_moment(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """`hour:minute` on `day` in Amsterdam, as an aware UTC datetime (for a workflow's timers)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM).astimezone(UTC)
