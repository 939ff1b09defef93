"""The Go programs the deploy tests run, built once from the Go module proxy into the Dialoog cache.

- Helm (`helm.sh/helm/v3/cmd/helm` at HELM_VERSION), the real one, as `go install` builds it.
- tools/k8svalidate: strict decoding of manifests into Kubernetes' own API types (k8s.io/api).
- tools/composeconfig: the Compose specification's loader (compose-go), as `docker compose config`.

Each lands in `cache_dir()/tools/` (like Keycloak's distribution, `DIALOOG_CACHE_DIR` moves it) and
is reused: Helm by its version, the repository's tools by a hash of their sources, so an edit
rebuilds them. The first build downloads modules and compiles for some minutes on two cores; it
prints its progress. A missing `go` makes the tests skip; a build that fails makes them fail.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from dialoog.devstack.config import cache_dir

HELM_VERSION = "v3.22.0"
ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"


# The pytest config of the running session (set by `use`), to print past the output capture.
_config: pytest.Config | None = None


def use(config: pytest.Config) -> None:
    global _config
    _config = config


def _say(message: str) -> None:
    # A first build takes minutes and should not look like a hang: print past pytest's capture.
    # Not from the background build's thread: pytest's capture belongs to the test running in the
    # main thread, so that thread writes to a log file instead (the tests that wait name it).
    if getattr(_background, "on", False):
        with open(_build_log(), "a") as log:
            print(f"[deploy tests] {message}", file=log, flush=True)
        return
    capture = _config.pluginmanager.getplugin("capturemanager") if _config else None
    if capture is None:
        print(f"[deploy tests] {message}", file=sys.stderr, flush=True)
        return
    with capture.global_and_fixture_disabled():
        print(f"[deploy tests] {message}", file=sys.stderr, flush=True)


# The oldest Go that builds all three (k8s.io/api v0.37 asks for 1.26).
GO_MINIMUM = (1, 26)


def go_binary() -> str:
    go = shutil.which("go")
    if go is None:
        pytest.skip(
            "Go is not installed: Helm, the Kubernetes API types and the Compose loader are built "
            "from the Go module proxy (install Go 1.26+ to run the deploy checks)"
        )
    version = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True, check=True).stdout
    found = re.match(r"go(\d+)\.(\d+)", version.strip())
    if found and (int(found[1]), int(found[2])) < GO_MINIMUM:
        pytest.skip(
            f"{version.strip()} is older than Go {'.'.join(map(str, GO_MINIMUM))}, which the deploy checks need"
        )
    return go


def _go_env(gobin: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, CGO_ENABLED="0", GOFLAGS="-mod=readonly -buildvcs=false")
    if gobin is not None:
        env["GOBIN"] = str(gobin)
    return env


# Set while prebuild() runs in its background thread: builds run at the lowest CPU priority.
_background = threading.local()
_running: set[subprocess.Popen] = set()  # the background builds, stopped at the session's end


def _build(what: str, command: list[str], cwd: Path, env: dict[str, str]) -> None:
    """Run a `go build`/`go install -v`, printing a line every 50 packages compiled."""
    if getattr(_background, "on", False):
        command = ["nice", "-n", "19", *command]
    _say(f"building {what} (first time only; downloads modules and compiles, a few minutes)")
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if getattr(_background, "on", False):
        _running.add(process)
    lines: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line.rstrip())
        if len(lines) % 50 == 0:
            _say(f"  {what}: {len(lines)} packages, {time.monotonic() - started:.0f} s")
    if process.wait() != 0:
        tail = "\n".join(lines[-40:])
        pytest.fail(f"building {what} failed ({' '.join(command)}):\n{tail}", pytrace=False)
    _say(f"built {what} in {time.monotonic() - started:.0f} s")


def _cached(name: str, key: str, build) -> Path:
    """cache_dir()/tools/<name>-<key>/<name>, built by `build(directory)` under a lock."""
    root = cache_dir() / "tools"
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"{name}-{key}" / name
    if target.exists():
        return target
    with open(root / f".{name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # the background build (or another session) has it
            _say(f"waiting for the build of {name} already under way (progress: {_build_log()})")
            fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists():  # another test process built it meanwhile
            return target
        with tempfile.TemporaryDirectory(dir=root) as scratch:
            built = build(Path(scratch))
            target.parent.mkdir(exist_ok=True)
            os.replace(built, target)
    return target


def _build_log() -> Path:
    root = cache_dir() / "tools"
    root.mkdir(parents=True, exist_ok=True)
    return root / "build.log"


def helm() -> Path:
    go = go_binary()

    def build(scratch: Path) -> Path:
        _build(
            f"helm {HELM_VERSION}",
            [go, "install", "-v", "-trimpath", f"helm.sh/helm/v3/cmd/helm@{HELM_VERSION}"],
            cwd=scratch,
            env=_go_env(gobin=scratch),
        )
        return scratch / "helm"

    return _cached("helm", HELM_VERSION, build)


def repo_tool(name: str) -> Path:
    """A Go program of tools/<name> (its own module), keyed by its sources."""
    go = go_binary()
    source = TOOLS / name
    digest = hashlib.sha256()
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(source)).encode() + b"\0" + path.read_bytes())

    def build(scratch: Path) -> Path:
        output = scratch / name
        _build(
            f"tools/{name}",
            [go, "build", "-v", "-trimpath", "-o", str(output), "."],
            cwd=source,
            env=_go_env(),
        )
        return output

    return _cached(name, digest.hexdigest()[:16], build)


def prebuild() -> threading.Thread | None:
    """Start building the three programs in a background thread at the lowest CPU priority, so a
    first build on a new machine overlaps the rest of the suite (which mostly waits on its
    processes) instead of adding its minutes at the end; the deploy tests wait for it under the
    same lock. Nothing to do when Go is missing or everything is cached. Failures are left for the
    tests to report: they build again in the foreground and say why."""
    if shutil.which("go") is None:
        return None

    def run() -> None:
        _background.on = True
        try:
            helm()
            for name in ("k8svalidate", "composeconfig"):
                repo_tool(name)
        except BaseException as exc:  # pytest.skip/fail outcomes too: the tests report them
            _say(f"background build stopped ({type(exc).__name__}); the deploy tests build in the foreground")

    thread = threading.Thread(target=run, name="deploy-tools-prebuild", daemon=True)
    thread.start()
    return thread


def stop_prebuild() -> None:
    """At the session's end: a background build still running is stopped by its pid (its scratch
    directory goes with it; the next session builds again)."""
    for process in list(_running):
        if process.poll() is None:
            process.kill()
            process.wait()
