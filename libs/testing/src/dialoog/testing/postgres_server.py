"""A private PostgreSQL cluster for tests that stop and start it: its own data directory and port,
so the session's stack (which every other test uses) is never touched."""

from __future__ import annotations

import asyncio
import signal
from dataclasses import replace
from pathlib import Path

from dialoog.devstack import postgres
from dialoog.devstack.config import StackConfig
from dialoog.devstack.procs import stop, wait_until
from dialoog.kit.migrations import upgrade
from dialoog.testing.nats_server import free_port


class PostgresServer:
    def __init__(self, directory: Path) -> None:
        base = StackConfig.from_env(directory)
        self.cfg = replace(base, ports={**base.ports, "postgres": free_port()})
        self.pid: int | None = None

    def start(self) -> PostgresServer:
        """Start (or start again: same data directory, same port) and wait until it accepts."""
        self.pid = postgres.start(self.cfg)
        wait_until(lambda: postgres.healthy(self.cfg), 60, what="private PostgreSQL")
        return self

    def stop(self) -> None:
        """Fast shutdown, as `dialoog down` does: open sessions are ended, then the server exits."""
        stop(self.pid, sig=signal.SIGINT, group=False)
        self.pid = None

    def database(self, service: str) -> dict[str, str]:
        """The service's roles and database, migrated: {"app": url, "owner": url}. Blocking (it
        calls asyncio.run): from inside an event loop, run it on a thread of its own."""
        asyncio.run(postgres.ensure_database(self.cfg, service))
        owner = self.cfg.database_url(service, owner=True)
        upgrade(service, owner)
        return {"app": self.cfg.database_url(service), "owner": owner}
