"""The portal: server-rendered pages (Jinja2 + htmx) for employees, managers, HR and tenant admins.
A backend-for-frontend: it calls the services with the signed-in user's token."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse
from starlette.types import Message, Receive, Scope, Send

from dialoog.kit.app import build_service_app
from dialoog.kit.asgi import HttpMiddleware
from dialoog.kit.errors import Problem
from dialoog.kit.unavailable import DEPENDENCIES, install_unavailable_handlers
from dialoog.portal.settings import Settings
from dialoog.portal.web import (
    attachment_pages,
    audit_pages,
    auth,
    branding_pages,
    competency_pages,
    feedback_giver_pages,
    feedback_pages,
    feedback_public_pages,
    follow_up_pages,
    inbox_pages,
    pages,
    portfolio_pages,
    preference_pages,
    report_pages,
    salary_pages,
    unsubscribe_pages,
    webhook_pages,
)
from dialoog.portal.web.render import render
from dialoog.portal.web.service_http import ServiceHttp
from dialoog.portal.web.services import LoginRequired, ServiceError
from dialoog.portal.web.session import PortalSession, install_sessions

STATIC = Path(__file__).resolve().parent / "static"


def _session(request: Request) -> PortalSession:
    if not hasattr(request.state, "session"):
        request.state.session = PortalSession(None)
    return request.state.session


def install_html_errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/auth/login?next={quote(target)}", 303)

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError):
        _session(request)
        status = exc.status if exc.status in (403, 404) else 502
        return render(
            request, "error.html", {"status": status, "detail": exc.problem.get("detail")}, status=status
        )

    @app.exception_handler(Problem)
    async def problem(request: Request, exc: Problem):
        _session(request)
        return render(
            request,
            "error.html",
            {"status": exc.status, "detail": exc.detail.nl if exc.detail else None},
            status=exc.status,
        )

    async def unavailable(request: Request, dependency: str):
        _session(request)  # also when the portal's own session store is what is down
        response = render(request, "error.html", {"status": 503, "dependency": dependency}, status=503)
        response.headers["Retry-After"] = str(DEPENDENCIES[dependency].retry_after)
        return response

    install_unavailable_handlers(app, respond=unavailable)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        _session(request)
        return render(request, "error.html", {"status": exc.status_code}, status=exc.status_code)


def _with_service_client(app: FastAPI) -> None:
    """The services' client (web/service_http.py) opens after the kit's start and closes before
    its end."""
    kit_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with kit_lifespan(app):
            app.state.services = ServiceHttp()
            await app.state.services.open()
            try:
                yield
            finally:
                await app.state.services.close()

    app.router.lifespan_context = lifespan


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = build_service_app(
        settings,
        title="Dialoog portal",
        description="The web portal for employees, managers, HR, directors and tenant admins.",
        routers=[
            auth.router,
            pages.router,
            portfolio_pages.router,
            follow_up_pages.router,
            audit_pages.router,
            competency_pages.router,
            attachment_pages.router,
            salary_pages.router,
            feedback_public_pages.router,
            feedback_giver_pages.router,  # before feedback_pages: /feedback/gevraagd is not a request id
            feedback_pages.router,
            preference_pages.router,  # before inbox_pages: /meldingen/voorkeuren is not an item
            inbox_pages.router,
            webhook_pages.router,
            branding_pages.router,
            unsubscribe_pages.router,
            report_pages.router,
        ],
        # No outbox: the portal writes no events (its readiness still checks database, NATS, IdP).
    )
    _with_service_client(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_html_errors(app)
    install_sessions(app)

    app.add_middleware(SecurityHeaders)
    return app


CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"


class SecurityHeaders(HttpMiddleware):
    """nosniff, same-origin referrer, no framing, and a content security policy on HTML pages."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)
