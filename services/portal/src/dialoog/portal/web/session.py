"""Server-side sessions: a random id in an HttpOnly, Secure, SameSite=Lax cookie; the data (tokens,
CSRF token, language, chosen tenant) in the portal database, expiring after idle time."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import FastAPI, Request
from starlette.responses import Response

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
    @app.middleware("http")
    async def sessions(request: Request, call_next) -> Response:
        settings = request.app.state.settings
        repo = SessionRepository(request.app.state.engine)
        sid = request.cookies.get(settings.cookie_name)
        data = await repo.load(sid) if sid and not request.url.path.startswith("/static") else None
        session = PortalSession(sid if data is not None else None, data or {})
        request.state.session = session
        response = await call_next(request)
        idle = timedelta(minutes=settings.session_idle_minutes)
        if session.destroyed:
            if session.id:
                await repo.delete(session.id)
            response.delete_cookie(settings.cookie_name, path="/", secure=True, httponly=True, samesite="lax")
            return response
        touch = session.id is not None and time.time() - session.data.get("touched", 0) > TOUCH_EVERY
        if session.rotated_from:
            await repo.delete(session.rotated_from)
        if session.dirty or touch:
            new = session.id is None
            if new:
                session.id = secrets.token_urlsafe(32)
            session.data["touched"] = time.time()
            await repo.save(session.id, session.data, idle, new)
            response.set_cookie(
                settings.cookie_name,
                session.id,
                max_age=int(idle.total_seconds()),
                path="/",
                secure=True,
                httponly=True,
                samesite="lax",
            )
        return response
