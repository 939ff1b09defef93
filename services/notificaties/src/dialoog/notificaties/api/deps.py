"""What notificaties' routes share: the context of the use cases, and the documented error answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from dialoog.notificaties.service.context import Context

PROBLEM = {"description": "Problem (application/problem+json)"}
ERRORS = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM}
WRITE_ERRORS = {**ERRORS, 412: PROBLEM, 428: PROBLEM}


def context(request: Request) -> Context:
    state = request.app.state
    if getattr(state, "notificaties_context", None) is None:
        state.notificaties_context = Context.of(state.settings)
    return state.notificaties_context


NotificatiesContext = Annotated[Context, Depends(context)]
