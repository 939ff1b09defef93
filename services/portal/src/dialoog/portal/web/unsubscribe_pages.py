"""One-click unsubscribe (issue 13, point 2; RFC 8058; ADR 0027): `/u/{token}`, the link in a
mail's `List-Unsubscribe` header and footer. No login. GET (a person's click, or a mail filter's
link scanner) changes nothing: it asks notificaties what the link is for (`preview`) and shows a
confirm button. POST, from that button or from a mail client's one-click
(`List-Unsubscribe=One-Click` in the form body, no cookie), switches the category's e-mail off.
The POST takes no CSRF token: RFC 8058 posts come without cookie or session, and the signed link
in the address is what a forged post would lack; switching a mail off is all it can do. The
token travels to the service only in a request body, is kept out of the logs and spans (`/u/` is
a secret path prefix), and the page sends no Referer, is not cached and not indexed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from dialoog.portal.web.i18n import LANGUAGES, formatters, pick, translations
from dialoog.portal.web.notification_forms import TOKEN, category_labels, unsubscribe_state
from dialoog.portal.web.render import render
from dialoog.portal.web.services import ServiceError, public_call

router = APIRouter(include_in_schema=False)
BASE = "/v1/public/unsubscribe"
PRIVATE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}


async def _ask(request: Request, token: str, path: str) -> tuple[str, dict]:
    if not TOKEN.match(token):
        return "invalid", {}
    response = await public_call(request, path, {"token": token}, service="notificaties")
    try:
        body = response.json()
    except ValueError:
        body = None
    state, info = unsubscribe_state(response.status_code, body)
    if state == "error":
        raise ServiceError(response)
    return state, info


def _page(request: Request, token: str, state: str, info: dict, taal: str | None, done: bool) -> Response:
    # The language chosen on the page, else the portal's, else the one the person receives mail in.
    lang = pick(taal or request.state.session.get("lang") or info.get("language"))
    _ = translations(lang).gettext
    response = render(
        request,
        "unsubscribe.html",
        {
            "_": _,
            "lang": lang,
            **formatters(lang),
            "token": token,
            "state": state,
            "info": info,
            "category": category_labels(_).get(info.get("category", ""), info.get("category", "")),
            "done": done,
        },
        status=200 if state == "ok" else 404,
    )
    response.headers.update(PRIVATE_HEADERS)
    return response


@router.get("/u/{token}")
async def show(request: Request, token: str, taal: str | None = None):
    if taal in LANGUAGES:
        request.state.session.set("lang", taal)
    state, info = await _ask(request, token, f"{BASE}/preview")
    return _page(request, token, state, info, taal if taal in LANGUAGES else None, done=False)


@router.post("/u/{token}")
async def unsubscribe(request: Request, token: str):
    state, info = await _ask(request, token, BASE)
    return _page(request, token, state, info, None, done=state == "ok")
