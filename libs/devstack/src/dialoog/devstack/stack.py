"""The whole stack: start in dependency order, record pids, report status, stop by pid."""

from __future__ import annotations

import asyncio
import fcntl
import functools
import json
import signal
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psutil

from dialoog.devstack import (
    demo,
    demo_competencies,
    demo_people,
    demo_salary,
    integrator_consumers,
    integrators,
    keycloak,
    nats,
    postgres,
    realm,
    services,
    smtpsink,
    temporal,
)
from dialoog.devstack.config import SERVICES, StackConfig, port_env_name
from dialoog.devstack.procs import alive, port_in_use, stop, wait_until
from dialoog.kit import clock


class PortTaken(RuntimeError):
    pass


class OtherReplicas(RuntimeError):
    """`up --replicas N` on a state dir whose stack runs with another number."""


@dataclass(frozen=True)
class Component:
    name: str
    ports: tuple[str, ...]
    url: Callable[[StackConfig], str]
    start: Callable[[StackConfig], int]
    healthy: Callable[[StackConfig], bool]
    timeout: float
    stop_signal: signal.Signals = signal.SIGTERM
    stop_group: bool = True


@functools.cache  # one object per component: compared with `in`
def _service(name: str, replica: int = 1) -> Component:
    return Component(
        name=services.replica_name(name, replica),
        ports=(name,),
        url=lambda cfg: services.url(cfg, name, replica),
        start=lambda cfg: services.start(cfg, name, replica),
        healthy=lambda cfg: services.healthy(cfg, name, replica),
        timeout=60,
    )


@functools.cache
def _worker(service: str, replica: int = 1) -> Component:
    """A service's Temporal worker (task queue named after the service), started after the services."""
    return Component(
        name=services.replica_name(f"{service}-worker", replica),
        ports=(),
        url=lambda cfg: f"temporal://{cfg.temporal_address}/{service}",
        start=lambda cfg: services.start_worker(cfg, service, replica),
        healthy=lambda cfg: services.worker_healthy(cfg, service, replica),
        timeout=60,
    )


def _nats(node: int = 1) -> Component:
    return Component(
        nats.node_name(node),
        ("nats", "nats_monitor") if node == 1 else (),
        lambda cfg: f"nats://{cfg.host}:{cfg.nats_port(node)}",
        lambda cfg: nats.start(cfg, integrators.accounts_block(cfg), node),
        lambda cfg: nats.healthy(cfg, node),
        30,
    )


POSTGRES = Component(
    "postgres",
    ("postgres",),
    lambda cfg: f"postgresql://{cfg.host}:{cfg.port('postgres')}",
    postgres.start,
    postgres.healthy,
    timeout=60,
    stop_signal=signal.SIGINT,  # fast shutdown: roll back open transactions, then stop
    stop_group=False,
)
INFRA = (
    _nats(),
    Component(
        "temporal",
        ("temporal", "temporal_http", "temporal_metrics"),
        lambda cfg: cfg.temporal_address,
        temporal.start,
        temporal.healthy,
        60,
    ),
    Component(
        "smtp",
        ("smtp",),
        lambda cfg: f"smtp://{cfg.host}:{cfg.port('smtp')}",
        smtpsink.start,
        smtpsink.healthy,
        20,
    ),
    Component(
        "keycloak",
        ("keycloak", "keycloak_management"),
        lambda cfg: cfg.keycloak_url,
        keycloak.start,
        keycloak.healthy,
        # Its first start creates its schema: over 4 minutes on a loaded machine (a dead process is
        # noticed at once, so the long wait costs only the slow case).
        600,
    ),
)
SERVICE_COMPONENTS = (
    *(_service(name) for name in SERVICES),
    *(_worker(name) for name in services.WORKERS),
)
ALL = (POSTGRES, *INFRA, *SERVICE_COMPONENTS)
BY_NAME = {c.name: c for c in ALL}
# `dialoog up --replicas N` (ADR 0028): nodes 2 and 3 of the NATS cluster, and replicas 2..N.
NATS_NODES = {n: _nats(n) for n in (2, 3)}


def infra(cfg: StackConfig) -> tuple[Component, ...]:
    nodes = tuple(NATS_NODES[n] for n in range(2, cfg.nats_nodes + 1))
    return (INFRA[0], *nodes, *INFRA[1:])


def service_components(cfg: StackConfig) -> tuple[Component, ...]:
    if cfg.replicas == 1:
        return SERVICE_COMPONENTS
    return (
        *(_service(name, r) for r in range(1, cfg.replicas + 1) for name in SERVICES),
        *(_worker(name, r) for r in range(1, cfg.replicas + 1) for name in services.WORKERS),
    )


def components(cfg: StackConfig) -> tuple[Component, ...]:
    return (POSTGRES, *infra(cfg), *service_components(cfg))


def by_name(cfg: StackConfig) -> dict[str, Component]:
    return {c.name: c for c in components(cfg)}


def recorded_replicas(state_dir) -> int:
    """The replicas the stack in `state_dir` was started with (1 when it never was)."""
    try:
        return int((state_dir / "replicas").read_text())
    except (FileNotFoundError, ValueError):
        return 1


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- state file -------------------------------------------------------------------------------
def load_state(cfg: StackConfig) -> dict[str, dict[str, Any]]:
    try:
        return json.loads(cfg.state_file.read_text())["components"]
    except (FileNotFoundError, KeyError, ValueError):
        return {}


def save_state(cfg: StackConfig, components: dict[str, dict[str, Any]]) -> None:
    cfg.state_dir.mkdir(parents=True, exist_ok=True)
    tmp = cfg.state_file.with_suffix(".tmp")
    tmp.write_text(json.dumps({"components": components}, indent=2))
    tmp.replace(cfg.state_file)


@contextmanager
def locked(cfg: StackConfig) -> Iterator[None]:
    cfg.state_dir.mkdir(parents=True, exist_ok=True)
    with open(cfg.state_dir / "stack.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def running_pid(cfg: StackConfig, name: str, state: dict[str, dict[str, Any]] | None = None) -> int | None:
    """The recorded pid, if that process still runs: a pid reused by another program after a
    reboot has another start time and is not ours."""
    entry = (state if state is not None else load_state(cfg)).get(name) or {}
    pid = entry.get("pid")
    if not alive(pid):
        return None
    recorded = entry.get("create_time")
    if recorded is not None:
        try:
            if abs(psutil.Process(pid).create_time() - recorded) > 2:
                return None
        except psutil.Error:
            return None
    return pid


# --- up -----------------------------------------------------------------------------------------
def _ports(cfg: StackConfig, component: Component) -> list[tuple[str, int]]:
    if component.ports and component.ports[0] in SERVICES:  # a service or one of its replicas
        replica = int(component.name.rsplit("-", 1)[1]) if component.name != component.ports[0] else 1
        return [(component.ports[0], services.port(cfg, component.ports[0], replica))]
    if component.name in {c.name for c in NATS_NODES.values()}:
        node = int(component.name.rsplit("-", 1)[1])
        return [
            (f"nats (node {node})", cfg.nats_port(node)),
            (f"nats_monitor (node {node})", cfg.nats_port(node, "nats_monitor")),
        ]
    return [(key, cfg.port(key)) for key in component.ports]


def _check_ports(cfg: StackConfig, component: Component) -> None:
    for key, port in _ports(cfg, component):
        if port_in_use(cfg.host, port):
            raise PortTaken(
                f"port {port} ({component.name}) is already in use by another program. "
                f"Stop that program, or choose another port: {port_env_name(key.split()[0])}=<port> make up"
            )


def _start(cfg: StackConfig, state: dict[str, dict[str, Any]], component: Component) -> bool:
    """Start `component` unless it already runs. True when it was started now."""
    if running_pid(cfg, component.name, state):
        return False
    _check_ports(cfg, component)
    pid = component.start(cfg)
    state[component.name] = {
        "pid": pid,
        "url": component.url(cfg),
        "log": str(cfg.log_file(component.name)),
        "started_at": time.time(),
        "create_time": psutil.Process(pid).create_time(),
    }
    if component in service_components(cfg):  # the business day it runs on (kit.clock; 0: the real one)
        state[component.name]["clock_shift_days"] = clock.shift_days()
    save_state(cfg, state)
    return True


def _wait(cfg: StackConfig, component: Component, slack: int = 1) -> None:
    pid = load_state(cfg)[component.name]["pid"]

    def check() -> bool:
        if not alive(pid):
            raise RuntimeError(f"{component.name} exited; see `dialoog logs {component.name}`")
        return component.healthy(cfg)

    # More processes on the same cores: a cluster's components get longer to become ready.
    timeout = component.timeout * max(slack, 3 if cfg.replicas > 1 else 1)
    try:
        wait_until(check, timeout, what=component.name)
    except Exception as exc:
        log = cfg.log_file(component.name)
        tail = log.read_text(errors="replace").splitlines()[-20:] if log.exists() else []
        raise RuntimeError(f"{exc}\n--- last lines of {log} ---\n" + "\n".join(tail)) from exc


def up(
    cfg: StackConfig, *, with_services: bool = True, seed: bool = True, seed_history: bool = False
) -> bool:
    """Start what is not running. Returns False when everything already ran (a no-op).
    `seed_history`: also the lived-in demo's history (ADR 0032; `dialoog up` asks for it, the test
    stack does not). It runs after the stack's lock is released, since it moves the services to
    last year's business day and back (restarts that take the lock themselves)."""
    t0 = time.monotonic()
    started = _up(cfg, with_services=with_services, seed=seed)
    if started and seed and seed_history and with_services:
        from dialoog.devstack import demo_history

        line = demo_history.seed(cfg)
        say(f"{line}; {time.monotonic() - t0:.1f}s in all")
    return started


def _up(cfg: StackConfig, *, with_services: bool, seed: bool) -> bool:
    infra_components = infra(cfg)
    wanted = components(cfg) if with_services else (POSTGRES, *infra_components)
    with locked(cfg):
        state = load_state(cfg)
        if all(running_pid(cfg, c.name, state) for c in wanted):
            return False
        if recorded_replicas(cfg.state_dir) != cfg.replicas and any(
            running_pid(cfg, n, state) for n in state
        ):
            raise OtherReplicas(
                f"the stack in {cfg.state_dir} runs with --replicas {recorded_replicas(cfg.state_dir)}; "
                "stop it first (`dialoog down`)"
            )
        cfg.state_dir.mkdir(parents=True, exist_ok=True)
        (cfg.state_dir / "replicas").write_text(str(cfg.replicas))
        t0 = time.monotonic()
        if _start(cfg, state, POSTGRES):
            say("- postgres: starting")
        _wait(cfg, POSTGRES)
        postgres.provision(cfg)
        # Keycloak (the slowest to become ready) and the rest start on their own while the services'
        # databases are migrated: they need only the provisioned roles and databases.
        started = [c for c in infra_components if _start(cfg, state, c)]
        services.migrate(cfg)
        say(f"- postgres: ready, databases migrated ({time.monotonic() - t0:.1f}s)")
        for component in infra_components:
            _wait(cfg, component)
            if component in started:
                say(f"- {component.name}: ready ({time.monotonic() - t0:.1f}s)")
        if cfg.nats_nodes > 1:
            nats.wait_for_cluster(cfg)
            say(
                f"- nats: a cluster of {cfg.nats_nodes} with a JetStream leader ({time.monotonic() - t0:.1f}s)"
            )
        asyncio.run(integrator_consumers.provision_stored(cfg))
        realm.configure(cfg)
        if seed:
            demo.seed(cfg)
        say(f"- keycloak: realm '{realm.REALM}' and demo tenants in place ({time.monotonic() - t0:.1f}s)")
        if with_services:
            for component in service_components(cfg):
                _start(cfg, state, component)
            for component in service_components(cfg):
                _wait(cfg, component)
            say(f"- services: ready ({time.monotonic() - t0:.1f}s)")
            if seed:
                demo_people.seed(cfg)
                demo_competencies.seed(cfg)
                say(f"- demo tenants, units, people and competencies ({time.monotonic() - t0:.1f}s)")
                demo_salary.seed(cfg)
                say(f"- demo salary scales and steps imported ({time.monotonic() - t0:.1f}s)")
        return True


# --- down and status ------------------------------------------------------------------------
def down(cfg: StackConfig) -> list[str]:
    stopped = []
    with locked(cfg):
        state = load_state(cfg)
        known = components(cfg)
        # Whatever else the state file records too (a stack started with other --replicas).
        others = [_unknown(name) for name in state if name not in {c.name for c in known}]
        for component in (*others, *reversed(known)):
            entry = state.get(component.name)
            if not entry:
                continue
            if running_pid(cfg, component.name, state):
                stop(entry["pid"], sig=component.stop_signal, group=component.stop_group)
                stopped.append(component.name)
            state.pop(component.name, None)
            save_state(cfg, state)
    return stopped


def _unknown(name: str) -> Component:
    return Component(name, (), lambda cfg: "", lambda cfg: 0, lambda cfg: False, 0)


def stop_one(cfg: StackConfig, name: str) -> None:
    """Stop one component by its recorded pid (an outage, for tests; `start_one` ends it)."""
    component = by_name(cfg)[name]
    with locked(cfg):
        state = load_state(cfg)
        pid = running_pid(cfg, name, state)  # not a stranger that reuses a recorded pid
        state.pop(name, None)
        if pid:
            stop(pid, sig=component.stop_signal, group=component.stop_group)
        save_state(cfg, state)


def start_one(cfg: StackConfig, name: str) -> None:
    """Start one component unless it runs, and wait until it is healthy."""
    component = by_name(cfg)[name]
    with locked(cfg):
        state = load_state(cfg)
        _start(cfg, state, component)
        _wait(cfg, component)


def restart(cfg: StackConfig, name: str) -> None:
    stop_one(cfg, name)
    start_one(cfg, name)


def align_clock(cfg: StackConfig, only: frozenset[str] | None = None) -> list[str]:
    """Restart the running services (and the worker) whose business clock is not this process's
    (`pytest --today`, or back to the real day afterwards); `only`: just these components.
    Returns the names restarted."""
    wanted = clock.shift_days()
    state = load_state(cfg)
    stale = [
        c.name
        for c in service_components(cfg)
        if (only is None or c.name in only)
        and running_pid(cfg, c.name, state)
        and state[c.name].get("clock_shift_days", 0) != wanted
    ]
    for name in stale:  # stopped first, then started together and waited for (as `up` does)
        stop_one(cfg, name)
    with locked(cfg):
        state = load_state(cfg)
        moved = [c for c in service_components(cfg) if c.name in stale]
        for component in moved:
            _start(cfg, state, component)
        for component in moved:
            _wait(cfg, component, slack=len(moved))
    return stale


def _health(cfg: StackConfig, component: Component, pid: int | None) -> bool:
    if not pid:
        return False
    try:
        return bool(component.healthy(cfg))
    except Exception:
        return False


def status(cfg: StackConfig) -> list[dict[str, Any]]:
    state = load_state(cfg)
    every = components(cfg)
    pids = {c.name: running_pid(cfg, c.name, state) for c in every}
    with ThreadPoolExecutor(max_workers=len(every)) as pool:
        health = dict(zip(every, pool.map(lambda c: _health(cfg, c, pids[c.name]), every), strict=True))
    return [{"name": c.name, "url": c.url(cfg), "pid": pids[c.name], "healthy": health[c]} for c in every]
