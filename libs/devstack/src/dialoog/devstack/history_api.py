"""The history seed's hands (ADR 0032): every call goes to a service's own HTTP API with the token
of the person who would make it (Keycloak's password grant of the dev realm)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from dialoog.devstack.config import StackConfig
from dialoog.devstack.tokens import password_token

SERVICES = ("organisatie", "portfolio", "feedback", "salaris")


class SeedError(RuntimeError):
    """A service refused what the seed asked (the seed is wrong, or the service changed)."""


class Api:
    def __init__(self, cfg: StackConfig) -> None:
        self.cfg = cfg
        self.clients = {s: httpx.Client(base_url=cfg.service_url(s), timeout=60) for s in SERVICES}
        self._tokens: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()
        self._user_locks: dict[str, threading.Lock] = {}
        self.calls = 0

    def close(self) -> None:
        for client in self.clients.values():
            client.close()

    def token(self, user: str) -> str:
        """One login per user at a time: the threads that act for the same person wait for it
        (fewer password grants, and no simultaneous logins of one account for Keycloak's
        brute-force detection to frown on)."""
        with self._lock:
            lock = self._user_locks.setdefault(user, threading.Lock())
        with lock:
            return self._token(user)

    def _token(self, user: str) -> str:
        hit = self._tokens.get(user)
        if hit and time.monotonic() - hit[0] < 200:
            return hit[1]
        for attempt in range(6):  # an account organisatie has just linked may not log in yet
            try:
                token = password_token(self.cfg, user)
                break
            except httpx.HTTPStatusError as exc:
                if attempt == 5:
                    raise SeedError(f"no token for {user}: {exc.response.text[:300]}") from exc
                time.sleep(1 + attempt)
        self._tokens[user] = (time.monotonic(), token)
        return token

    def call(
        self,
        service: str,
        user: str,
        method: str,
        path: str,
        *,
        ok: tuple[int, ...] = (200, 201),
        version: int | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token(user)}", **kwargs.pop("headers", {})}
        if version is not None:
            headers["If-Match"] = f'"{version}"'
        self.calls += 1
        response = self.clients[service].request(method, path, headers=headers, **kwargs)
        if response.status_code not in ok:
            raise SeedError(f"{user}: {method} {service}{path}: {response.status_code} {response.text[:400]}")
        return response

    def json(self, service: str, user: str, method: str, path: str, **kwargs: Any) -> Any:
        return self.call(service, user, method, path, **kwargs).json()

    def every(self, service: str, user: str, path: str) -> list[dict]:
        """Every item of a paged list."""
        items, cursor = [], None
        while True:
            sep = "&" if "?" in path else "?"
            url = f"{path}{sep}limit=200" + (f"&cursor={cursor}" if cursor else "")
            page = self.json(service, user, "GET", url)
            items += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return items


def wait_for(check: Callable[[], Any], what: str, timeout: float = 120, interval: float = 0.25) -> Any:
    """Poll `check` until it returns something truthy (events travel between the services)."""
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise SeedError(f"waited {timeout:.0f}s in vain for {what}")
        time.sleep(interval)
