"""The in-app inbox (issue 13, point 3; ADR 0027): the unread badge in the header of every page,
the inbox `/meldingen` (newest first, a cursor page at a time), marking one item read (and then
going to its object) and marking all read. The items come from notificaties' `/v1/inbox`."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from dialoog.kit.unavailable import DependencyUnavailable
from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.notification_forms import (
    UUID_TEXT,
    badge_label,
    badge_text,
    category_labels,
    local_link,
    page_number,
    unread_from,
)
from dialoog.portal.web.render import language, render
from dialoog.portal.web.services import LoginRequired, ServiceError, notificaties

router = APIRouter(include_in_schema=False)
PAGE = 20


def signed_in(request: Request) -> None:
    if not request.state.session.logged_in:
        raise LoginRequired


@router.get("/meldingen/teller")
async def badge(request: Request):
    """The header's badge, fetched by the page after it rendered (htmx, `hx-trigger="load"`): one
    call with a short timeout. Anything but a count (notificaties down, slow, an error, signed
    out) answers 204, which leaves the header's plain "Meldingen" link as it is."""
    if not request.state.session.logged_in:
        return Response(status_code=204)
    timeout = request.app.state.settings.badge_timeout_seconds
    try:
        response = await notificaties(request).call("GET", "/v1/inbox/unread-count", time_limit=timeout)
        count = unread_from(response.json())
    except (ServiceError, DependencyUnavailable, LoginRequired, ValueError):
        count = None
    if count is None:
        return Response(status_code=204, headers={"Cache-Control": "no-store"})
    _ = translations(language(request)).gettext
    response = render(
        request,
        "_inbox_badge.html",
        {
            "unread": count,
            "unread_text": badge_text(count),
            "unread_label": badge_label(count, _),
            "on_inbox": urlsplit(request.headers.get("hx-current-url", "")).path == "/meldingen",
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/meldingen")
async def inbox(request: Request):
    signed_in(request)
    only_unread = request.query_params.get("alleen") == "ongelezen"
    after = request.query_params.get("na", "")
    page = page_number(request.query_params.get("pagina")) if after else 1
    params: dict = {"limit": PAGE, "lang": language(request)}
    if only_unread:
        params["unread"] = "true"
    if after:
        params["cursor"] = after
    client = notificaties(request)
    try:
        listed = (await client.call("GET", "/v1/inbox", params=params)).json()
    except ServiceError as exc:  # a cursor edited in the address: the first page instead
        if exc.status not in (400, 422) or not after:
            raise
        params.pop("cursor")
        page, listed = 1, (await client.call("GET", "/v1/inbox", params=params)).json()
    items = listed["items"]
    for item in items:
        item["target"] = local_link(item.get("link"))
    _ = translations(language(request)).gettext
    return render(
        request,
        "inbox.html",
        {
            "items": items,
            "more": listed.get("next_cursor"),
            "page": page,
            "only_unread": only_unread,
            "categories": category_labels(_),
            "marked": request.query_params.get("gemarkeerd"),
        },
    )


@router.post("/meldingen/alles-gelezen", dependencies=[Depends(check_csrf)])
async def read_all(request: Request):
    signed_in(request)
    answer = (await notificaties(request).call("POST", "/v1/inbox/read-all")).json()
    marked = answer.get("marked") if isinstance(answer.get("marked"), int) else 0
    return RedirectResponse(f"/meldingen?gemarkeerd={marked}", 303)


@router.post("/meldingen/{item_id}/gelezen", dependencies=[Depends(check_csrf)])
async def read_one(request: Request, item_id: str):
    """Mark one item read; `naar=item` then goes to its object (the link the service gives, only
    when it is a portal path), otherwise back to the inbox."""
    signed_in(request)
    if not UUID_TEXT.match(item_id):
        raise ServiceError.not_found()
    form = await request.form()
    item = (await notificaties(request).call("POST", f"/v1/inbox/{item_id}/read")).json()
    target = local_link(item.get("link")) if form.get("naar") == "item" else None
    back = "/meldingen" + ("?alleen=ongelezen" if form.get("alleen") == "ongelezen" else "")
    return RedirectResponse(target or back, 303)
