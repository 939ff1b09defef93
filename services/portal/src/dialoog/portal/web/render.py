"""Rendering pages: the context every template gets (user, language, CSRF, navigation)."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from dialoog.kit.redaction import is_secret
from dialoog.portal.web.i18n import formatters, pick, translations

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))


def language(request: Request) -> str:
    session = request.state.session
    return pick(session.get("lang"))


def navigation(roles: list[str], _) -> list[tuple[str, str]]:
    items = [
        ("/", _("Start")),
        ("/portfolio", _("Mijn portfolio")),
        ("/feedback", _("Feedback")),
        ("/feedback/gevraagd", _("Gevraagde feedback")),
        ("/salaris", _("Salaris")),
    ]
    if "manager" in roles:
        items += [("/team", _("Mijn team")), ("/team/salaris", _("Salarisbesluiten"))]
    if "hr_advisor" in roles:
        items += [
            ("/hr/voortgang", _("Voortgang")),
            ("/hr/opvolging", _("Opvolging")),
            ("/hr/salaris", _("Salarisronde")),
            ("/hr/feedback", _("Feedback in cijfers")),
            ("/hr/bezwaren", _("Bezwaren")),
            ("/hr/audit", _("Logboek")),
        ]
    if "tenant_admin" in roles:
        items += [
            ("/beheer/cyclus", _("Gesprekscyclus")),
            ("/beheer/competenties", _("Competenties")),
            ("/beheer/salarisbrief", _("Salarisbrief")),
            ("/beheer/afdelingen", _("Afdelingen")),
            ("/beheer/mensen", _("Mensen")),
            ("/beheer/import", _("Importeren")),
            ("/beheer/meldingen", _("Meldingen")),
            ("/beheer/webhooks", _("Webhooks")),
            ("/beheer/huisstijl", _("Huisstijl")),
        ]
    return items


def current_item(items: list[tuple[str, str]], path: str) -> str | None:
    """The navigation entry of this page: the longest that matches (/team/salaris, not /team)."""
    matches = [href for href, _ in items if path == href or (href != "/" and path.startswith(href))]
    return max(matches, key=len, default=None)


def render(request: Request, template: str, context: dict | None = None, status: int = 200) -> HTMLResponse:
    session = request.state.session
    lang = language(request)
    gettext = translations(lang).gettext
    user = session.get("user")
    roles = (user or {}).get("roles", [])
    names = (user or {}).get("tenant_names", {})
    nav = navigation(roles, gettext)
    data = {
        "request": request,
        "_": gettext,
        "lang": lang,
        "user": user,
        "roles": roles,
        "tenant": session.get("tenant"),
        "tenant_name": names.get(session.get("tenant") or "", session.get("tenant")),
        "tenants": (user or {}).get("tenants", []),
        "csrf_token": session.csrf,
        "nav": nav,
        "nav_current": current_item(nav, request.url.path),
        # A secret path (an outsider's link) never goes into the page's own links (login, language).
        "path": "/"
        if is_secret(request.url.path, getattr(request.app.state, "secret_paths", ()))
        else request.url.path,
        **formatters(lang),
        **(context or {}),
    }
    return templates.TemplateResponse(request, template, data, status_code=status)
