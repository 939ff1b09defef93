#!/usr/bin/env python3
"""`make test-calendar`: the date-sensitive tests at the days on which a calendar bug would show.

Runs salaris, portfolio and organisatie (unit and integration) and the salary and portfolio
end-to-end tests once per day in the list, each with `pytest --today DAY`: the business clock
(`dialoog.kit.clock`) of the test process and of every service process is set to that day, while
the wall clock, tokens, Keycloak and Temporal stay real. The days: the next 1 January, 30 June,
1 December, 24 December and 31 December, and the next 29 February (all from today), unless
`--dates` or DIALOOG_CALENDAR_DATES names others. Prints the count of tests per day and exits
non-zero when any day failed. One stack serves every day (a running `make up`, or one of its own
under .dialoog/test, stopped at the end); its services are restarted on each day."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = [
    "services/salaris",
    "services/portfolio",
    "services/organisatie",
    "services/feedback",
    "services/notificaties",
    "tests/e2e/test_portal_salaris.py",
    "tests/e2e/test_portal_portfolio.py",
    "tests/e2e/test_portal_feedback.py",
]
DAYS = ((1, 1), (6, 30), (12, 1), (12, 24), (12, 31))


def next_leap_day(start: date) -> date:
    year = start.year
    while True:
        try:
            day = date(year, 2, 29)
        except ValueError:
            year += 1
            continue
        if day >= start:
            return day
        year += 1


def calendar_days(start: date) -> list[date]:
    """The next occurrence (today included) of each day in DAYS, and the next 29 February."""
    found = []
    for month, day in DAYS:
        this_year = date(start.year, month, day)
        found.append(this_year if this_year >= start else date(start.year + 1, month, day))
    found.append(next_leap_day(start))
    return sorted(set(found))


SUMMARY = re.compile(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed|deselected)")


def counts(output: str) -> dict[str, int]:
    lines = [
        line for line in output.splitlines() if re.search(r"\b(passed|failed|errors?)\b.* in [\d.]+s", line)
    ]
    found: dict[str, int] = {}
    for number, kind in SUMMARY.findall(lines[-1] if lines else ""):
        found["error" if kind.startswith("error") else kind] = int(number)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dates", default=os.environ.get("DIALOOG_CALENDAR_DATES", ""), help="YYYY-MM-DD,..."
    )
    parser.add_argument("pytest_args", nargs="*", help="instead of the default paths")
    args = parser.parse_args()

    from dialoog.devstack import stack
    from dialoog.devstack.config import StackConfig
    from dialoog.kit import clock

    days = (
        [clock.parse_pin(d) for d in args.dates.split(",") if d.strip()]
        if args.dates
        else calendar_days(clock.today())
    )
    paths = args.pytest_args or PATHS
    dev = StackConfig.from_env(os.environ.get("DIALOOG_STATE_DIR") or ROOT / ".dialoog")
    cfg, started = dev, False
    if not (stack.running_pid(dev, "keycloak") and stack.running_pid(dev, "organisatie")):
        cfg = StackConfig.from_env(ROOT / ".dialoog" / "test")
        print(f"starting a stack for every day under {cfg.state_dir}", flush=True)
        started = stack.up(cfg, with_services=True)
    env = {**os.environ, "DIALOOG_STATE_DIR": str(cfg.state_dir)}
    results = []
    try:
        for day in days:
            print(f"\n=== {day.isoformat()} ({day.strftime('%A')}) ===", flush=True)
            t0 = time.monotonic()
            run = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    "--today",
                    day.isoformat(),
                    *paths,
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            print(run.stdout[-6000:] if run.returncode else run.stdout.splitlines()[-1], flush=True)
            results.append((day, run.returncode, counts(run.stdout), time.monotonic() - t0))
    finally:
        if started:
            stack.down(cfg)
            print(f"stopped the stack under {cfg.state_dir}", flush=True)
        else:  # a developer's stack: back on the real day
            clock.unpin()
            stack.align_clock(cfg)

    print("\nbusiness day   tests  passed  failed  skipped  seconds")
    for day, code, found, seconds in results:
        total = sum(v for k, v in found.items() if k != "deselected")
        failed = found.get("failed", 0) + found.get("error", 0) + (1 if code and not found else 0)
        print(
            f"{day.isoformat()}  {total:6d}  {found.get('passed', 0):6d}  {failed:6d}  "
            f"{found.get('skipped', 0):7d}  {seconds:7.0f}"
        )
    bad = [day.isoformat() for day, code, _, _ in results if code]
    print("calendar: " + (f"FAILED on {', '.join(bad)}" if bad else f"green on all {len(results)} days"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
