"""The Dialoog services as uvicorn processes, after their migrations."""

from __future__ import annotations

import sys

import httpx

from dialoog.devstack.config import SERVICES, StackConfig
from dialoog.devstack.procs import spawn
from dialoog.kit import clock
from dialoog.kit.migrations import upgrade


def migrate(cfg: StackConfig, suffix: str = "") -> None:
    for service in SERVICES:
        upgrade(service, cfg.database_url(service, owner=True, suffix=suffix))


def start(cfg: StackConfig, service: str) -> int:
    return spawn(
        [
            sys.executable,
            "-m",
            "uvicorn",
            f"dialoog.{service}.main:create_app",
            "--factory",
            "--host",
            cfg.host,
            "--port",
            str(cfg.port(service)),
            "--no-access-log",
        ],
        cfg.log_file(service),
        env={**cfg.service_env(service), **clock.pinned_environment()},
    )


def healthy(cfg: StackConfig, service: str) -> bool:
    return httpx.get(cfg.service_url(service) + "/readyz", timeout=5).status_code == 200


# The Temporal workers: salaris's (the year-end round's workflow and activities), feedback's
# (the sweep's Schedule, workflow and activities, ADR 0022) and notificaties's (digests, ADR 0025). Each says it is ready in its log.
WORKERS = {
    "salaris": ("dialoog.salaris.workflows.worker", "salaris worker on task queue"),
    "feedback": ("dialoog.feedback.workflows.worker", "feedback worker on task queue"),
    # notificaties's: the digests' Schedule, workflow and activities (ADR 0025)
    "notificaties": ("dialoog.notificaties.workflows.worker", "notificaties worker on task queue"),
}


def start_worker(cfg: StackConfig, service: str) -> int:
    """A service's Temporal worker. Its previous log moves to `.1`, so readiness is read from this
    run's log."""
    log = cfg.log_file(f"{service}-worker")
    if log.exists():
        log.replace(log.with_suffix(".log.1"))
    return spawn(
        [sys.executable, "-m", WORKERS[service][0]],
        log,
        env={**cfg.service_env(service), **clock.pinned_environment()},
    )


def worker_healthy(cfg: StackConfig, service: str) -> bool:
    log = cfg.log_file(f"{service}-worker")
    return log.exists() and WORKERS[service][1] in log.read_text(errors="replace")[-20000:]
