"""Start processes that outlive the CLI, and stop them by their own process ids."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import psutil

_children: dict[int, subprocess.Popen[bytes]] = {}


def spawn(
    argv: Sequence[str],
    log_file: Path,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    user: str | None = None,
) -> int:
    """Start `argv` in its own session (so it survives the CLI and can be stopped as a group),
    with stdout and stderr appended to `log_file`. Returns its pid."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as log:
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            cwd=cwd,
            start_new_session=True,
            user=user,
        )
    _children[proc.pid] = proc
    return proc.pid


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    child = _children.get(pid)
    if child is not None and child.poll() is not None:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def stop(
    pid: int | None, timeout: float = 20.0, sig: signal.Signals = signal.SIGTERM, group: bool = True
) -> None:
    """Send `sig` to `pid` (and its process group when it leads one and `group` is set), then
    SIGKILL what is left after `timeout`."""
    if not alive(pid):
        _reap(pid)
        return
    assert pid is not None
    try:
        pgid = os.getpgid(pid)
    except ProcessLookupError:
        return
    group = group and pgid == pid  # started by spawn: it leads its own group
    _signal(pid, pgid if group else None, sig)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive(pid):
        time.sleep(0.1)
    if alive(pid):
        _signal(pid, pgid if group else None, signal.SIGKILL)
        while alive(pid) and time.monotonic() < deadline + 5:
            time.sleep(0.1)
    _reap(pid)


def kill(pid: int) -> None:
    """SIGKILL one process (not its group): a crash, for tests."""
    os.kill(pid, signal.SIGKILL)
    while alive(pid):
        time.sleep(0.05)
    _reap(pid)


def _signal(pid: int, pgid: int | None, sig: signal.Signals) -> None:
    try:
        if pgid is not None:
            os.killpg(pgid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _reap(pid: int | None) -> None:
    child = _children.pop(pid, None) if pid else None
    if child is not None:
        try:
            child.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def wait_until(check, timeout: float, interval: float = 0.25, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as exc:
            last_error = exc
        time.sleep(interval)
    raise TimeoutError(
        f"{what or 'component'} not ready after {timeout:.0f}s" + (f": {last_error}" if last_error else "")
    )
