"""Run the stack's services on another business day for a while (ADR 0032): the demo history
plays last year on last year's calendar, as `pytest --today` does for a test session (ADR 0013).
The services (and workers) whose clock differs are restarted; afterwards they get this process's
former business day back."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from dialoog.devstack import stack
from dialoog.devstack.config import StackConfig
from dialoog.kit import clock


def _set(days: int) -> None:
    """This process's clock `days` whole days from the real one, and the environment the stack's
    processes get when they (re)start."""
    real = clock.today() - timedelta(days=clock.shift_days())
    clock.pin(None if days == 0 else real + timedelta(days=days))
    for name in (clock.ENV_TODAY, clock.ENV_SET_ON):
        os.environ.pop(name, None)
    os.environ.update(clock.pinned_environment())


@contextmanager
def business_day(cfg: StackConfig, day: date, only: frozenset[str] | None = None) -> Iterator[None]:
    """`with business_day(cfg, date(2025, 12, 30)):` the services run on that day in the block;
    `only`: just these components (each restart costs seconds)."""
    before = clock.shift_days()
    _set(before + (day - clock.today()).days)
    try:
        stack.align_clock(cfg, only)
        yield
    finally:
        _set(before)
        stack.align_clock(cfg, only)
