"""Plain ASGI middleware for HTTP requests: other scopes (lifespan, websocket) pass straight on.
Starlette's `@app.middleware("http")` runs each request in a task with a stream of its own, about
0.7 ms of CPU a request on the bench machine (docs/capacity.md run I); this does not."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """One HTTP request; `self.app` is the rest of the application."""
        raise NotImplementedError
