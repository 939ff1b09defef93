"""Optimistic concurrency: every mutable resource has a version; writes send it back in If-Match."""

from __future__ import annotations

import re

from fastapi import Request, Response

from dialoog.kit.errors import Problem, Text
from dialoog.kit.problems import problem

PRECONDITION_REQUIRED = problem(
    "precondition-required",
    Text(
        "Stuur de versie die u wijzigt mee in de If-Match-header.",
        "Send the version you are changing in the If-Match header.",
    ),
)


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def stale_version() -> Problem:
    return problem(
        "precondition-failed",
        Text(
            "Iemand anders heeft dit intussen gewijzigd. Laad het opnieuw en probeer het nog eens.",
            "Someone else changed this in the meantime. Reload it and try again.",
        ),
    )


def expected_version(request: Request) -> int:
    raw = request.headers.get("if-match")
    if raw is None:
        raise PRECONDITION_REQUIRED
    value = raw.strip().removeprefix("W/").strip('"')
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise stale_version()
    return int(value)


def expected_version_or_new(request: Request) -> int | None:
    """For a `PUT` that may create: `If-None-Match: *` says the resource must not exist yet (None);
    otherwise `If-Match` names the version being replaced (428 without either)."""
    if request.headers.get("if-none-match", "").strip() == "*":
        return None
    return expected_version(request)
