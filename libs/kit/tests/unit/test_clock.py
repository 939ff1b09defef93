"""The business clock: pinned by whole days, in Amsterdam, and the only place that asks the system
for the date (a grep over every product module)."""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from dialoog.kit import clock

ROOT = Path(__file__).resolve().parents[4]
CLOCK = ROOT / "libs/kit/src/dialoog/kit/clock.py"
FORBIDDEN = re.compile(
    r"\b(?:datetime\.)?(?:date|datetime)\.(?:today|now|utcnow)\s*\("  # the system's date
    r"|\bcurrent_date\b|\bcurrent_timestamp\b|\blocaltimestamp\b"  # the database's, in SQL
    r"|\bfunc\.current_date\b|\bfunc\.localtimestamp\b"
)


def offenders(text: str) -> list[int]:
    """Line numbers in `text` that take the date from anything but the kit's clock."""
    return [n for n, line in enumerate(text.splitlines(), 1) if FORBIDDEN.search(line.split("#", 1)[0])]


def modules(*, tests: bool) -> list[Path]:
    found = []
    for top in ("libs", "services", "tests", "bench"):
        for path in (ROOT / top).rglob("*.py"):
            parts = path.relative_to(ROOT).parts
            if ".venv" in parts or path in (CLOCK, Path(__file__).resolve()):
                continue
            if ("tests" in parts) == tests:
                found.append(path)
    return found


def scan(paths: list[Path]) -> dict[str, list[int]]:
    return {
        str(path.relative_to(ROOT)): lines
        for path in paths
        if (lines := offenders(path.read_text(encoding="utf-8")))
    }


def test_the_scan_finds_each_way_of_asking_the_system_for_the_date():
    sample = "\n".join(
        [
            "a = date.today()",
            "b = datetime.now(UTC)",
            "c = datetime.utcnow()",
            "d = datetime.datetime.now()",
            "e = datetime.today()",
            "select current_date",
            "f = clock.today()  # the right way",
            "g = workflow.now()",
            "# date.today() in a comment is fine",
        ]
    )
    assert offenders(sample) == [1, 2, 3, 4, 5, 6]


def test_no_product_code_takes_the_date_from_anywhere_but_the_kit_clock():
    product = modules(tests=False)  # libs, services and bench
    assert len(product) > 150, "the scan must see the services and libs"
    found = scan(product)
    assert not found, f"use dialoog.kit.clock (today, now, wall_now) instead: {found}"


def test_no_test_takes_its_dates_from_the_system_either():
    """`pytest --today` pins the kit's clock; a test with its own date.today() would not follow."""
    found = scan(modules(tests=True))
    assert not found, f"derive the dates from dialoog.kit.clock.today(): {found}"


def real_today() -> date:
    return clock.wall_now().astimezone(clock.AMSTERDAM).date()


def test_a_pinned_clock_is_the_real_one_moved_by_whole_days():
    before = clock.today()
    with clock.pinned(date(2028, 2, 29)):
        assert clock.today() == date(2028, 2, 29)
        assert clock.is_pinned()
        moved = clock.now() - clock.wall_now()
        assert abs(moved - clock.offset()) < timedelta(seconds=2)
        env = clock.pinned_environment()
        assert env[clock.ENV_TODAY] == "2028-02-29"
        assert env[clock.ENV_SET_ON] == real_today().isoformat()
    assert clock.today() == before


def test_the_environment_pins_a_process_from_the_day_it_was_set(monkeypatch):
    monkeypatch.setenv(clock.ENV_TODAY, "2027-01-01")
    monkeypatch.setenv(clock.ENV_SET_ON, (real_today() - timedelta(days=1)).isoformat())
    monkeypatch.setattr(clock, "_shift", clock._UNREAD)
    # Pinned yesterday to 1 January: today is 2 January, as for the process that pinned it.
    assert clock.today() == date(2027, 1, 2)
    monkeypatch.setattr(clock, "_shift", clock._UNREAD)
    monkeypatch.setenv(clock.ENV_TODAY, "1 januari")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        clock.today()


def test_the_dutch_day_is_amsterdams_not_utcs():
    # 31 December 23:30 UTC is already 1 January in Amsterdam (CET, +1).
    assert clock.dutch_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 1)
    # Summer time (+2): 08:00 in Amsterdam is 06:00 UTC; winter time (+1): 07:00 UTC.
    assert clock.dutch_moment(date(2027, 6, 30), 8) == datetime(2027, 6, 30, 6, tzinfo=UTC)
    assert clock.dutch_moment(date(2026, 12, 24), 8) == datetime(2026, 12, 24, 7, tzinfo=UTC)


def test_a_pin_across_daylight_saving_keeps_the_local_day(monkeypatch):
    # Real: 1 December 23:30 in Amsterdam (CET). Pinned to 30 June: 23:30 CEST, still 30 June.
    real = datetime(2026, 12, 1, 23, 30, tzinfo=clock.AMSTERDAM).astimezone(UTC)
    monkeypatch.setattr(clock, "wall_now", lambda: real)
    monkeypatch.setattr(clock, "_shift", (date(2027, 6, 30) - date(2026, 12, 1)).days)
    assert clock.today() == date(2027, 6, 30)
    assert clock.now() == datetime(2027, 6, 30, 23, 30, tzinfo=clock.AMSTERDAM)
    assert clock.offset() == clock.now() - real
