"""Server-side sessions: a random id in an HttpOnly, Secure, SameSite=Lax cookie; the data (tokens,
CSRF token, language, chosen tenant) in the portal database, expiring after idle time."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import FastAPI, Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from dialoog.kit.asgi import HttpMiddleware
from dialoog.portal.persistence.sessions import SessionRepository

TOUCH_EVERY = 60  # seconds: extend the idle timeout at most once a minute


@dataclass
class PortalSession:
    id: str | None
    data: dict = field(default_factory=dict)
    dirty: bool = False
    destroyed: bool = False
    rotated_from: str | None = None

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def set(self, key: str, value) -> None:
        self.data[key] = value
        self.dirty = True

    def pop(self, key: str, default=None):
        self.dirty = True
        return self.data.pop(key, default)

    def clear(self) -> None:
        self.destroyed = True

    def rotate(self) -> None:
        """A new id at login (no session fixation); the data moves along."""
        self.rotated_from = self.id
        self.id = None
        self.dirty = True

    @property
    def csrf(self) -> str:
        if "csrf" not in self.data:
            self.set("csrf", secrets.token_urlsafe(32))
        return self.data["csrf"]

    @property
    def logged_in(self) -> bool:
        return "tokens" in self.data


def install_sessions(app: FastAPI) -> None:
    app.add_middleware(SessionMiddleware)


class SessionMiddleware(HttpMiddleware):
    """The session loaded before the page (`request.state.session`) and saved, with its cookie,
    as the response starts."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        settings = request.app.state.settings
        repo = SessionRepository(request.app.state.engine)
        sid = request.cookies.get(settings.cookie_name)
        data = await repo.load(sid) if sid and not scope["path"].startswith("/static") else None
        session = PortalSession(sid if data is not None else None, data or {})
        request.state.session = session

        async def send_saved(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = await _saved(session, repo, settings)
                if cookie is not None:
                    message["headers"] = [*message.get("headers", []), *cookie.raw_headers]
            await send(message)

        await self.app(scope, receive, send_saved)


async def _saved(session: PortalSession, repo: SessionRepository, settings) -> Response | None:
    """The session written (or deleted) as the page left it; its cookie header, if any changes."""
    idle = timedelta(minutes=settings.session_idle_minutes)
    cookie = Response()
    cookie.raw_headers.clear()
    if session.destroyed:
        if session.id:
            await repo.delete(session.id)
        cookie.delete_cookie(settings.cookie_name, path="/", secure=True, httponly=True, samesite="lax")
        return cookie
    touch = session.id is not None and time.time() - session.data.get("touched", 0) > TOUCH_EVERY
    if session.rotated_from:
        await repo.delete(session.rotated_from)
    if not (session.dirty or touch):
        return None
    new = session.id is None
    if new:
        session.id = secrets.token_urlsafe(32)
    session.data["touched"] = time.time()
    await repo.save(session.id, session.data, idle, new)
    cookie.set_cookie(
        settings.cookie_name,
        session.id,
        max_age=int(idle.total_seconds()),
        path="/",
        secure=True,
        httponly=True,
        samesite="lax",
    )
    return cookie
