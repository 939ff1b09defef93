"""Optimistic concurrency: every mutable resource has a version; writes send it back in If-Match."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, Response

from dialoog.kit.auth import Principal, authenticate
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


IF_MATCH_DESCRIPTION = (
    'The version being changed, as its ETag ("3"). Without it: 428; with a version that is no '
    "longer current: 412."
)


def _if_match(
    _: Annotated[Principal, Depends(authenticate)],  # who asks is checked first: 401 before 428
    if_match: Annotated[str | None, Header(alias="If-Match", description=IF_MATCH_DESCRIPTION)] = None,
) -> int:
    return _version_of(if_match)


def _version_of(if_match: str | None) -> int:
    if if_match is None:
        raise PRECONDITION_REQUIRED
    value = if_match.strip().removeprefix("W/").strip('"')
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise stale_version()
    return int(value)


# A route parameter `expected: ExpectedVersion` declares If-Match in the OpenAPI (required there;
# the kit's OpenAPI marks it so and adds 412 and 428) and gives the version the client holds.
ExpectedVersion = Annotated[int, Depends(_if_match)]


def _if_match_or_new(
    _: Annotated[Principal, Depends(authenticate)],
    if_match: Annotated[str | None, Header(alias="If-Match", description=IF_MATCH_DESCRIPTION)] = None,
    if_none_match: Annotated[
        str | None,
        Header(alias="If-None-Match", description="`*`: create; the resource must not exist yet"),
    ] = None,
) -> int | None:
    if (if_none_match or "").strip() == "*":
        return None
    return _version_of(if_match)


# For a `PUT` that may create: `If-None-Match: *` says the resource must not exist yet (None);
# otherwise `If-Match` names the version being replaced (428 without either).
ExpectedVersionOrNew = Annotated[int | None, Depends(_if_match_or_new)]
