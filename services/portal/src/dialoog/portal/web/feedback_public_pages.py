"""The outsider's answer page, `/f/{token}`: no login. The link is the only key; it travels to the
feedback service in a request body (`/v1/feedback/public/*`), which verifies it and finds the
tenant from it. Opening the page (GET, as mail filters' link scanners do) spends nothing; only
the posted form answers. A spent, expired or altered link gets its own page, never a 500. The
token is kept out of the access log and the spans (kit.redaction, ADR 0023), and the page sends
no Referer, is not cached and not indexed. Its forms need no CSRF token: the unguessable link in
the form's address is what a forged post would lack, and an outsider who takes longer than the
portal's idle time over her answer must not lose it to an expired session."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from starlette.responses import Response

from dialoog.portal.web.feedback_forms import RATINGS, answers_from, field_errors, style, submitted_answers
from dialoog.portal.web.i18n import LANGUAGES
from dialoog.portal.web.render import render
from dialoog.portal.web.services import public_call

router = APIRouter(include_in_schema=False)
BASE = "/v1/feedback/public"
# Dot-separated base64url parts (the service's signed link, at most 300 characters): anything else
# is not sent to the service at all.
TOKEN = re.compile(r"^(?=.{10,300}$)[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){1,5}$")
# The service's problem codes for a link that cannot be used, as the page's state.
PROBLEM_STATES = {
    "feedback-link-invalid": "invalid",
    "feedback-link-expired": "expired",
    "feedback-link-spent": "answered",
    "feedback-request-closed": "closed",
}
STATES = ("open", "answered", "expired", "withdrawn", "declined", "closed", "invalid")
PRIVATE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}


def _choose_language(request: Request, taal: str | None) -> None:
    if taal in LANGUAGES:
        request.state.session.set("lang", taal)


def _state_of(response) -> tuple[str, dict]:
    """The link's state and what the service tells about it (nothing when it is not valid)."""
    if response.status_code == 200:
        body = response.json()
        state = body.get("state")
        return (state if state in STATES else "invalid"), body
    try:
        problem = response.json()
        code = problem.get("code", "")
    except (ValueError, AttributeError):
        problem, code = {}, ""
    if code == "feedback-link-spent" and problem.get("state") in STATES:
        return problem["state"], {}  # answered, withdrawn or declined
    if response.status_code == 404 or code in PROBLEM_STATES:
        return PROBLEM_STATES.get(code, "invalid"), {}
    if response.status_code in (400, 401, 403, 410, 422):
        return "invalid", {}
    response.raise_for_status()
    return "invalid", {}


async def _link(request: Request, token: str) -> tuple[str, dict]:
    if not TOKEN.match(token):
        return "invalid", {}
    return _state_of(await public_call(request, f"{BASE}/link", {"link": token}))


def _page(request: Request, token: str, state: str, info: dict, status: int = 200, **extra) -> Response:
    response = render(
        request,
        "feedback_public.html",
        {
            "token": token,
            "state": state,
            "info": info,
            "theme_style": style((info.get("tenant") or {}).get("colours")),
            "ratings": RATINGS,
            "answers": {},
            "errors": {},
            **extra,
        },
        status=status,
    )
    response.headers.update(PRIVATE_HEADERS)
    return response


@router.get("/f/{token}")
async def show(request: Request, token: str, taal: str | None = None):
    _choose_language(request, taal)
    state, info = await _link(request, token)
    return _page(request, token, state, info, status=200 if state != "invalid" else 404)


@router.post("/f/{token}")
async def answer(request: Request, token: str):
    form = await request.form()
    state, info = await _link(request, token)
    if state != "open":
        return _page(request, token, state, info, status=409 if state != "invalid" else 404)
    answers = answers_from(form, info.get("questions", []))
    response = await public_call(request, f"{BASE}/answer", {"link": token, "answers": answers})
    if response.status_code in (200, 201, 204):
        return _page(request, token, "answered", info, done="answered")
    if response.status_code == 422:
        return _page(
            request,
            token,
            "open",
            info,
            status=422,
            errors=field_errors(response.json()),
            answers=submitted_answers(answers),
        )
    state, _ = _state_of(response)
    return _page(request, token, state, info, status=409)


async def _act(request: Request, token: str, action: str, done: str) -> Response:
    state, info = await _link(request, token)
    if state == "invalid":
        return _page(request, token, state, info, status=404)
    response = await public_call(request, f"{BASE}/{action}", {"link": token})
    if response.status_code in (200, 201, 204):
        state, info = await _link(request, token)
        return _page(request, token, state, info, done=done)
    state, _ = _state_of(response)
    return _page(request, token, state, info, status=409)


@router.post("/f/{token}/intrekken")
async def withdraw(request: Request, token: str):
    return await _act(request, token, "withdraw", "withdrawn")


@router.post("/f/{token}/afmelden")
async def opt_out(request: Request, token: str):
    return await _act(request, token, "opt-out", "opted_out")
