"""Waiting in tests by condition, never by a fixed sleep tuned to one machine."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    check: Callable[[], Awaitable[T]], within: float = 30.0, what: str = "", every: float = 0.1
) -> T:
    """`await check()` until it returns something truthy, and that value; an AssertionError naming
    `what` (or the check's docstring or name) after `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        found = await check()
        if found:
            return found
        if loop.time() > deadline:
            name = what or (check.__doc__ or getattr(check, "__name__", "the condition")).strip()
            raise AssertionError(f"not within {within:g}s: {name}")
        await asyncio.sleep(every)
