"""CSRF protection for every form post: a per-session token in a hidden field (or the X-CSRF-Token
header that htmx sends), compared in constant time."""

from __future__ import annotations

import hmac

from fastapi import Request

from dialoog.kit.errors import Text
from dialoog.kit.problems import problem


async def check_csrf(request: Request) -> None:
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        sent = form.get("csrf_token")
    expected = request.state.session.get("csrf")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise problem(
            "csrf",
            Text("Laad de pagina opnieuw en probeer het nog eens.", "Reload the page and try again."),
        )
