"""A webhook receiver for the tests, as an integrator would write one: an HTTP server on loopback
(uvicorn, in this process) that verifies every request with the `standardwebhooks` package and
answers the statuses it was told to, in turn (then 200)."""

from __future__ import annotations

import asyncio
import json
import socket
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import uvicorn
from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    webhook_id: str
    headers: dict[str, str]
    body: bytes
    verified: bool
    answered: int

    @property
    def event(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    answers: list[int] = field(default_factory=list)  # answered in turn; then 200
    tamper: bool = False  # alter the body on the way in, as a man in the middle would
    secret: str | None = None  # set once the endpoint is made
    received: list[Received] = field(default_factory=list)
    url: str = ""

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        if self.tamper:
            body = body.replace(b'"specversion"', b'"specversion" ', 1)
        try:
            Webhook(self.secret or "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").verify(body, headers)
            verified = True
        except WebhookVerificationError:
            verified = False
        status = (self.answers.pop(0) if self.answers else 200) if verified else 401
        self.received.append(Received(headers.get("webhook-id", ""), headers, body, verified, status))
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    def for_delivery(self, delivery_id: str) -> list[Received]:
        return [r for r in self.received if r.webhook_id == str(delivery_id)]


@asynccontextmanager
async def running(receiver: Receiver):
    """The receiver listening on a free loopback port (`receiver.url`) while in the block."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(receiver, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(100):
        if server.started:
            break
        await asyncio.sleep(0.05)
    receiver.url = f"http://127.0.0.1:{port}/dialoog/hooks"
    try:
        yield receiver
    finally:
        server.should_exit = True
        await task
        sock.close()
