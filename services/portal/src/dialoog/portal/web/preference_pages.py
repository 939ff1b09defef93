"""Notification preferences (issue 13, point 4; ADR 0027): a person's own page
`/meldingen/voorkeuren` (per category e-mail on or off, at once or in a daily or weekly digest,
the digest's hour and weekday, quiet hours, language; the formal notices that are always sent),
and the tenant admin's defaults `/beheer/meldingen`. Both write with If-Match from the ETag the
service gave; someone else's change in between (412) is said plainly above the fresh values."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse

from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.feedback_forms import field_errors
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.notification_forms import (
    HOURS,
    MODES,
    category_labels,
    formal_labels,
    mode_labels,
    preference_rows,
    preferences_body,
    weekday_labels,
)
from dialoog.portal.web.pages import require_role
from dialoog.portal.web.reminder_forms import anchor_labels, audience_labels, kind_labels, reminders_body
from dialoog.portal.web.render import language, render
from dialoog.portal.web.services import LoginRequired, ServiceError, notificaties

router = APIRouter(include_in_schema=False)
REMINDERS = "/v1/reminders/settings"
PAGES = {
    "me": {"path": "/v1/preferences/me", "page": "/meldingen/voorkeuren"},
    "defaults": {"path": "/v1/preferences/defaults", "page": "/beheer/meldingen"},
}


def _signed_in(request: Request) -> None:
    if not request.state.session.logged_in:
        raise LoginRequired


async def _current(request: Request, which: str) -> tuple[dict, str]:
    response = await notificaties(request).call("GET", PAGES[which]["path"])
    preferences = response.json()
    etag = response.headers.get("etag") or (
        f'"{preferences["version"]}"' if preferences.get("version") is not None else ""
    )
    return preferences, etag


async def _reminders(request: Request) -> tuple[dict | None, str]:
    """The tenant's reminder settings (ADR 0030), or None where notificaties has none to give."""
    try:
        response = await notificaties(request).call("GET", REMINDERS)
    except ServiceError:
        return None, ""
    found = response.json()
    return found, response.headers.get("etag") or f'"{found.get("version")}"'


async def _page(request: Request, which: str, status: int = 200, **extra):
    preferences, etag = await _current(request, which)
    _ = translations(language(request)).gettext
    reminders, reminders_etag = (None, "")
    if which == "defaults":
        reminders, reminders_etag = await _reminders(request)
    submitted = extra.pop("submitted", None)
    shown = preferences
    if submitted:  # what she sent, over what is stored (a category left out kept its default)
        categories = {**(preferences.get("categories") or {}), **submitted.get("categories", {})}
        shown = {**preferences, **submitted, "categories": categories}
    return render(
        request,
        "preferences.html",
        {
            "which": which,
            "action": PAGES[which]["page"],
            "prefs": shown,
            "rows": preference_rows(shown),
            "etag": etag,
            "always_sent": preferences.get("always_sent") or [],
            "always_labels": formal_labels(_),
            "categories": category_labels(_),
            "modes": MODES,
            "mode_labels": mode_labels(_),
            "weekdays": weekday_labels(_),
            "hours": HOURS,
            "with_language": which == "me" or "language" in preferences,
            "errors": {},
            "saved": request.query_params.get("bewaard") == "1",
            "reminders": reminders,
            "reminders_etag": reminders_etag,
            "reminder_kinds": kind_labels(_),
            "reminder_anchors": anchor_labels(_),
            "reminder_audiences": audience_labels(_),
            "reminder_errors": {},
            **extra,
        },
        status=status,
    )


async def _save(request: Request, which: str):
    form = await request.form()
    _ = translations(language(request)).gettext
    current_language = which == "me" or form.get("language") is not None
    body, errors = preferences_body(form, _, with_language=current_language)
    if errors:
        return await _page(request, which, 422, errors=errors, submitted=body)
    etag = str(form.get("etag", ""))
    try:
        await notificaties(request).call("PUT", PAGES[which]["path"], json=body, headers={"If-Match": etag})
    except ServiceError as exc:
        if exc.status in (409, 412, 428):
            stale = _(
                "Deze voorkeuren zijn intussen ergens anders gewijzigd (in een ander venster of door "
                "iemand anders). Hieronder staat de nieuwe stand; pas uw keuze zo nodig opnieuw aan "
                "en bewaar nog eens."
            )
            return await _page(request, which, 412, errors={"form": stale})
        if exc.status != 422:
            raise
        return await _page(request, which, 422, errors=field_errors(exc.problem), submitted=body)
    return RedirectResponse(PAGES[which]["page"] + "?bewaard=1", 303)


@router.get("/meldingen/voorkeuren")
async def my_preferences(request: Request):
    _signed_in(request)
    return await _page(request, "me")


@router.post("/meldingen/voorkeuren", dependencies=[Depends(check_csrf)])
async def save_my_preferences(request: Request):
    _signed_in(request)
    return await _save(request, "me")


@router.get("/beheer/meldingen")
async def tenant_defaults(request: Request):
    require_role(request, "tenant_admin")
    return await _page(request, "defaults")


@router.post("/beheer/meldingen", dependencies=[Depends(check_csrf)])
async def save_tenant_defaults(request: Request):
    require_role(request, "tenant_admin")
    return await _save(request, "defaults")


@router.post("/beheer/meldingen/herinneringen", dependencies=[Depends(check_csrf)])
async def save_reminders(request: Request):
    """The reminder settings (ADR 0030), with If-Match from the page; a refusal is shown at its kind."""
    require_role(request, "tenant_admin")
    form = await request.form()
    _ = translations(language(request)).gettext
    body, errors = reminders_body(form, _)
    if errors:
        return await _page(request, "defaults", 422, reminder_errors=errors)
    try:
        await notificaties(request).call(
            "PUT", REMINDERS, json=body, headers={"If-Match": str(form.get("reminders_etag", ""))}
        )
    except ServiceError as exc:
        if exc.status in (409, 412, 428):
            stale = _(
                "Deze herinneringen zijn intussen ergens anders gewijzigd. Hieronder staat de nieuwe stand."
            )
            return await _page(request, "defaults", 412, reminder_errors={"form": stale})
        if exc.status != 422:
            raise
        found = {f"offsets-{k}": v for k, v in field_errors(exc.problem).items() if k != "form"}
        if not found:
            found = {"form": field_errors(exc.problem).get("form", "")}
        return await _page(request, "defaults", 422, reminder_errors=found)
    return RedirectResponse("/beheer/meldingen?bewaard=1#herinneringen", 303)
