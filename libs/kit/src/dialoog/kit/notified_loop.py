"""A worker that drains a table in batches and sleeps until PostgreSQL tells it there is more: the
shape the event relay and the mail sender share (and any later outbox-like worker). A subclass
says what one batch is (`once`, returning how many rows it took); this loop LISTENs on a channel
(the table's insert trigger NOTIFYs it at commit), polls every `poll_interval` as a safety net
(for a missed notification, or rows due later), and keeps going through database errors with a
growing backoff. `stop()` ends it after the batch in hand."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg

from dialoog.kit.events.context import reraise_if_cancelled

log = logging.getLogger(__name__)


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)


class NotifiedLoop:
    """Subclasses set `name` (for log lines) and implement `once()`."""

    name = "worker"

    def __init__(self, database_url: str, channel: str, poll_interval: float) -> None:
        self.database_url = database_url
        self.channel = channel
        self.poll_interval = poll_interval
        self._wake = asyncio.Event()
        self._stopping = False
        self._listener: asyncpg.Connection | None = None

    async def once(self) -> int:
        raise NotImplementedError

    async def idle_seconds(self) -> float:
        """How long to sleep when there is nothing to do (unless woken): `poll_interval`, or less
        for a worker that knows when its next row is due."""
        return self.poll_interval

    async def _listen(self) -> None:
        self._listener = await asyncpg.connect(asyncpg_dsn(self.database_url))
        await self._listener.add_listener(self.channel, lambda *_: self._wake.set())

    async def _pause(self, seconds: float) -> None:
        """Sleep until woken (NOTIFY, stop) or `seconds` pass. No timeouts that cancel: on Python
        3.11 a timeout racing with a cancellation can swallow it."""
        waiter = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({waiter}, timeout=seconds)
        finally:
            waiter.cancel()
        self._wake.clear()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Work until `stop()`. A batch is done whole before the flag is looked at again."""
        backoff = 0.2
        while not self._stopping:
            try:
                if self._listener is None or self._listener.is_closed():
                    await self._listen()
                while not self._stopping and await self.once():
                    pass
                backoff = 0.2
                if not self._stopping:
                    await self._pause(await self.idle_seconds())
            except Exception as exc:
                reraise_if_cancelled(exc)
                log.warning("%s: %s: %s; retrying in %.1fs", self.name, type(exc).__name__, exc, backoff)
                await self._close_listener()
                await self._pause(backoff)
                backoff = min(backoff * 2, 5.0)

    async def _close_listener(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            with contextlib.suppress(Exception):
                await self._listener.close()
        self._listener = None

    async def close(self) -> None:
        await self._close_listener()
