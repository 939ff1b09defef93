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


WORKER_READY = "salaris worker on task queue"


def start_worker(cfg: StackConfig) -> int:
    """The salaris Temporal worker (the year-end round's workflow and activities). Its previous log
    moves to `.1`, so readiness is read from this run's log."""
    log = cfg.log_file("salaris-worker")
    if log.exists():
        log.replace(log.with_suffix(".log.1"))
    return spawn(
        [sys.executable, "-m", "dialoog.salaris.workflows.worker"],
        cfg.log_file("salaris-worker"),
        env={**cfg.service_env("salaris"), **clock.pinned_environment()},
    )


def worker_healthy(cfg: StackConfig) -> bool:
    log = cfg.log_file("salaris-worker")
    return log.exists() and WORKER_READY in log.read_text(errors="replace")[-20000:]
