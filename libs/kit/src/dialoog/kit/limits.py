"""A request body limit, enforced before the body reaches the app (413 problem+json)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dialoog.kit.asgi import HttpMiddleware
from dialoog.kit.errors import Text, problem_for_status, problem_response


class _TooLarge(HTTPException):
    """Raised from `receive` once a streamed body passes the limit. It is an HTTPException so that
    FastAPI's body parsing re-raises it instead of turning it into a 400."""

    def __init__(self) -> None:
        super().__init__(413)


def _too_large(limit: int):
    return problem_for_status(
        413,
        Text(
            f"Het verzoek is groter dan {limit} bytes.",
            f"The request body is larger than {limit} bytes.",
        ),
    )


class BodyLimitMiddleware(HttpMiddleware):
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await problem_response(_too_large(self.max_bytes), Request(scope))(scope, receive, send)
            return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await problem_response(_too_large(self.max_bytes), Request(scope))(scope, receive, send)
