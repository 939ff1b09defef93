"""A NATS connection that a service keeps for its lifetime. The first connect is retried in the
background, so a service starts (and reports not-ready) while NATS is still coming up."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re

import nats
from nats.aio.client import Client

from dialoog.kit.events.context import reraise_if_cancelled

log = logging.getLogger(__name__)


def servers(url: str) -> list[str]:
    """`nats_url` as nats-py's server list: one URL, or several separated by commas (a cluster)."""
    return [part.strip() for part in url.split(",") if part.strip()]


class NatsLink:
    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.servers = servers(url)
        self.name = name
        self.client: Client | None = None
        self._task: asyncio.Task[None] | None = None
        self._first_connect = asyncio.Event()

    @property
    def connected(self) -> bool:
        return self.client is not None and self.client.is_connected

    async def _connect_loop(self) -> None:
        delay = 0.2
        while True:
            try:
                self.client = await nats.connect(
                    self.servers,
                    name=self.name,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=0.5,
                    connect_timeout=2,
                )
                self._first_connect.set()
                return
            except Exception as exc:  # keep trying until NATS is up
                reraise_if_cancelled(exc)
                log.warning("nats not reachable at %s (%s); retrying", _without_password(self.servers), exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def wait_connected(self) -> Client:
        await self._first_connect.wait()
        assert self.client is not None
        return self.client

    def start(self) -> None:
        self._task = asyncio.create_task(self._connect_loop(), name=f"nats-connect-{self.name}")

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.client is not None and not self.client.is_closed:
            # Flush what was published, then close. (drain() would wait for every subscription,
            # up to its 30 s timeout, for consumers that were already stopped.)
            with contextlib.suppress(Exception):
                await self.client.flush(timeout=2)
            with contextlib.suppress(Exception):
                await self.client.close()


def _without_password(urls: list[str]) -> str:
    return ", ".join(re.sub(r"//([^:/@]+):[^@/]*@", r"//\1:***@", url) for url in urls)
