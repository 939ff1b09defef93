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


REPLICA_PORT_OFFSET = 10  # `dialoog up --replicas N`: replica r of a service on its port + 10 * (r - 1)


def replica_name(name: str, replica: int) -> str:
    """The component of a service's (or worker's) replica: `salaris`, `salaris-2`, ..."""
    return name if replica == 1 else f"{name}-{replica}"


def port(cfg: StackConfig, service: str, replica: int = 1) -> int:
    return cfg.port(service) + REPLICA_PORT_OFFSET * (replica - 1)


def url(cfg: StackConfig, service: str, replica: int = 1) -> str:
    return f"http://{cfg.host}:{port(cfg, service, replica)}"


def environment(cfg: StackConfig, service: str) -> dict[str, str]:
    """A service process's environment; on a NATS cluster its streams are replicated on every node."""
    env = {**cfg.service_env(service), **clock.pinned_environment()}
    env[f"DIALOOG_{service.upper()}_STREAM_REPLICAS"] = str(cfg.nats_nodes)
    return env


def start(cfg: StackConfig, service: str, replica: int = 1) -> int:
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
            str(port(cfg, service, replica)),
            "--no-access-log",
        ],
        cfg.log_file(replica_name(service, replica)),
        env=environment(cfg, service),
    )


def healthy(cfg: StackConfig, service: str, replica: int = 1) -> bool:
    return httpx.get(url(cfg, service, replica) + "/readyz", timeout=5).status_code == 200


# The Temporal workers: salaris's (the year-end round's workflow and activities), feedback's
# (the sweep's Schedule, workflow and activities, ADR 0022) and notificaties's (digests, ADR 0025). Each says it is ready in its log.
WORKERS = {
    "salaris": ("dialoog.salaris.workflows.worker", "salaris worker on task queue"),
    "feedback": ("dialoog.feedback.workflows.worker", "feedback worker on task queue"),
    # notificaties's: the digests' Schedule, workflow and activities (ADR 0025)
    "notificaties": ("dialoog.notificaties.workflows.worker", "notificaties worker on task queue"),
}


def start_worker(cfg: StackConfig, service: str, replica: int = 1) -> int:
    """A service's Temporal worker. Its previous log moves to `.1`, so readiness is read from this
    run's log."""
    log = cfg.log_file(replica_name(f"{service}-worker", replica))
    if log.exists():
        log.replace(log.with_suffix(".log.1"))
    return spawn([sys.executable, "-m", WORKERS[service][0]], log, env=environment(cfg, service))


def worker_healthy(cfg: StackConfig, service: str, replica: int = 1) -> bool:
    log = cfg.log_file(replica_name(f"{service}-worker", replica))
    # The whole log: it is this run's (start_worker moves the previous one aside), and a busy worker
    # writes far more than a tail's worth after its ready line.
    return log.exists() and WORKERS[service][1] in log.read_text(errors="replace")
