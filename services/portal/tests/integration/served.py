"""Real servers on real local ports for the portal's page tests: an ASGI app served by uvicorn in
a thread of its own (so a synchronous browser test can use it too), and the two misbehaving
notificaties the fault cases need (one that answers only errors, one that never answers), and an
integrator's webhook receiver that keeps failing."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """An ASGI app served by uvicorn on a free local port, in a thread of its own."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", timeout_graceful_shutdown=5
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise TimeoutError(f"the server on {self.url} did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)

    def __enter__(self) -> Served:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


async def failing(scope, receive, send) -> None:
    """A notificaties that answers every request with a 500 problem."""
    if scope["type"] != "http":
        return
    body = b'{"type":"about:blank","code":"internal","title":"Interne fout","status":500}'
    headers = [(b"content-type", b"application/problem+json")]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Silent:
    """A notificaties that takes the connection and never answers (the kernel accepts it into
    the listen backlog; nobody reads the request)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def __enter__(self) -> Silent:
        return self

    def __exit__(self, *exc) -> None:
        self.sock.close()


class Receiver:
    """An integrator's receiver that answers every delivery 500 (so each one gives up after its
    four attempts); it keeps the webhook-id of each request."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        self.ids.append(dict(scope["headers"]).get(b"webhook-id", b"").decode())
        await send({"type": "http.response.start", "status": 500, "headers": []})
        await send({"type": "http.response.body", "body": b""})
