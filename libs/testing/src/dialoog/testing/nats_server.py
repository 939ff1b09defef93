"""A private nats-server for tests that stop, kill or reconfigure it: its own ports and store, and
the dev stack's accounts (the services' account `DIALOOG`, the integrators stored under its
directory) unless `auth` says otherwise."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

from dialoog.devstack import integrators, nats
from dialoog.devstack.config import StackConfig
from dialoog.devstack.procs import kill, stop, wait_until


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NatsServer:
    def __init__(self, directory: Path, auth: str | None = None) -> None:
        base = StackConfig.from_env(directory)
        self.cfg = replace(base, ports={**base.ports, "nats": free_port(), "nats_monitor": free_port()})
        self.auth = auth
        self.pid: int | None = None

    @property
    def url(self) -> str:
        return self.cfg.nats_url

    def start(self) -> NatsServer:
        auth = integrators.accounts_block(self.cfg) if self.auth is None else self.auth
        self.pid = nats.start(self.cfg, auth=auth)
        wait_until(lambda: nats.healthy(self.cfg), 20, what="private nats-server")
        return self

    def stop(self) -> None:
        stop(self.pid)
        self.pid = None

    def kill(self) -> None:
        if self.pid:
            kill(self.pid)
        self.pid = None

    def restart(self) -> None:
        self.stop()
        self.start()
