"""What two pytest-xdist workers share (ADR 0040): the stack the controller starts while the workers
already run the tests that need none, the order and grouping of the test files, and the
readers-writer lock that keeps an `exclusive` test apart from every other test."""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

E2E_GROUP = "e2e"
E2E_PREFIX = "tests/e2e/"
READY_FILE = "stack-ready"


class BackgroundStart:
    """The controller's start of the stack on a thread of its own; the outcome ("ok", or "error: ...")
    is written to a file that the workers wait for."""

    def __init__(self, start: Callable[[], bool], ready: Path) -> None:
        self.ready = ready
        self.started = False
        ready.unlink(missing_ok=True)
        self._thread = threading.Thread(target=self._run, args=(start,), name="stack-start", daemon=True)
        self._thread.start()

    def _run(self, start: Callable[[], bool]) -> None:
        try:
            self.started = bool(start())
            outcome = "ok"
        except BaseException as exc:  # told to every worker, which ends its run with it
            outcome = f"error: {exc}"
        partial = self.ready.with_suffix(".part")
        partial.write_text(outcome)
        partial.replace(self.ready)

    def join(self) -> None:
        self._thread.join()


def wait_until_ready(ready: Path, poll_seconds: float = 0.5) -> str:
    """The controller's outcome: "ok", or the error that stopped the stack's start."""
    while not ready.exists():
        time.sleep(poll_seconds)
    return ready.read_text()


def needs_the_stack(item: pytest.Item) -> bool:
    return "dialoog_stack" in getattr(item, "fixturenames", ())


def scope_of(nodeid: str) -> str:
    """The unit of work a worker takes whole: the test's file, or every test of tests/e2e at once
    (they share the stack's service processes and demo tenants)."""
    path = nodeid.split("::", 1)[0]
    return E2E_GROUP if path.startswith(E2E_PREFIX) else path


def make_scheduler(config: pytest.Config, log):
    """xdist's scheduling by scope, with our scopes. (Its `xdist_group` mark renames test ids, which
    pytest 9's ids no longer allow: tests of one group were spread over both workers.)"""
    from xdist.scheduler import LoadScopeScheduling

    class FilesAndEndToEnd(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return FilesAndEndToEnd(config, log)


def order_for_workers(root: Path, items: list[pytest.Item]) -> None:
    """tests/e2e first (the longest part), then the files that need no stack (run while it starts),
    then the rest; the order within each part is kept. The scheduler hands out scopes in this
    order."""
    e2e = root / "tests" / "e2e"
    stackless_files = {item.path for item in items} - {item.path for item in items if needs_the_stack(item)}

    def part(item: pytest.Item) -> int:
        if e2e in item.path.parents:
            return 0
        return 1 if item.path in stackless_files else 2

    items.sort(key=part)


@contextmanager
def shared_or_exclusive(directory: Path, *, exclusive: bool) -> Iterator[None]:
    """A readers-writer lock of flock(2) files. The gate gives a waiting writer priority: a reader
    passes the gate only to take its shared lock, a writer keeps the gate until it is done."""
    with open(directory / "gate", "a") as gate, open(directory / "tests", "a") as tests:
        fcntl.flock(gate, fcntl.LOCK_EX)
        try:
            fcntl.flock(tests, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        finally:
            if not exclusive:
                fcntl.flock(gate, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(tests, fcntl.LOCK_UN)
            if exclusive:
                fcntl.flock(gate, fcntl.LOCK_UN)
