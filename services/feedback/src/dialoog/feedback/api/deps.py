"""What feedback's routes share: the context of the use cases, and the documented error answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from dialoog.feedback.service.context import Context

PROBLEM = {"description": "Problem (application/problem+json)"}
ERRORS = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM}
WRITE_ERRORS = {**ERRORS, 412: PROBLEM, 428: PROBLEM}
LIMITED = {429: {"description": "Problem: a daily limit is reached; Retry-After says when to try again"}}


def context(request: Request) -> Context:
    state = request.app.state
    if getattr(state, "feedback_context", None) is None:
        state.feedback_context = Context.of(state.settings)
    return state.feedback_context


FeedbackContext = Annotated[Context, Depends(context)]


def questions(items) -> list[dict]:
    """Questions as stored: the text always as {nl, en}."""
    out = []
    for q in items:
        data = q.model_dump()
        if isinstance(data["text"], str):
            data["text"] = {"nl": data["text"], "en": None}
        out.append(data)
    return out


def answers(items) -> list[dict]:
    return [a.model_dump() for a in items]


def givers(items) -> list[dict]:
    return [g.model_dump() | ({"email": g.email.lower()} if hasattr(g, "email") else {}) for g in items]
