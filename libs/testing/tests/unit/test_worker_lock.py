"""The readers-writer lock that keeps an `exclusive` test apart from the other worker's tests
(ADR 0040): readers share it, a writer waits for them and keeps new readers out until it is done."""

from __future__ import annotations

import threading
import time

from dialoog.testing.workers import shared_or_exclusive


def _hold(directory, exclusive, entered: threading.Event, release: threading.Event, log: list, name: str):
    with shared_or_exclusive(directory, exclusive=exclusive):
        log.append(f"{name} in")
        entered.set()
        release.wait(5)
        log.append(f"{name} out")


def test_readers_share_and_a_writer_waits_for_them_and_goes_before_a_later_reader(tmp_path):
    log: list[str] = []
    events = {n: (threading.Event(), threading.Event()) for n in ("r1", "r2", "w", "r3")}

    def start(name, exclusive):
        entered, release = events[name]
        thread = threading.Thread(target=_hold, args=(tmp_path, exclusive, entered, release, log, name))
        thread.start()
        return thread

    threads = [start("r1", False), start("r2", False)]
    assert events["r1"][0].wait(5) and events["r2"][0].wait(5)  # two readers at once

    threads.append(start("w", True))
    time.sleep(0.2)
    threads.append(start("r3", False))  # arrives while the writer waits
    time.sleep(0.2)
    assert not events["w"][0].is_set() and not events["r3"][0].is_set()

    events["r1"][1].set()
    events["r2"][1].set()
    assert events["w"][0].wait(5)
    time.sleep(0.2)
    assert not events["r3"][0].is_set()  # the writer has it alone
    events["w"][1].set()
    assert events["r3"][0].wait(5)
    events["r3"][1].set()
    for thread in threads:
        thread.join(5)
    assert log.index("w in") > log.index("r2 out") and log.index("r3 in") > log.index("w out")
