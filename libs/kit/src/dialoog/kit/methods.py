"""Which methods a path supports, answered as the OpenAPI documents it: 405 with a true `Allow`.

The router alone got two things wrong. It answers a method that no route of a path takes with the
methods of the *first* route whose path matches, so a path served by several routes (`GET` and
`POST /v1/org-units`) advertised only some of its methods. And a literal path beside a template
(`/v1/salary/scales/import` beside `/v1/salary/scales/{name}`, `/v1/people/me` beside
`/v1/people/{person_id}`) took the template's methods too: `PUT /v1/salary/scales/import` stored a
scale named "import" and `PATCH /v1/people/me` answered 422, where the OpenAPI says those paths
have no such method.

Here a path belongs to its most specific template (a literal segment before a parameter, as
OpenAPI matches concrete paths before templated ones); a method that template's routes do not
take is a 405 problem whose `Allow` lists exactly the methods they take (RFC 9110 15.5.6), before
the router (and so before authentication, as the router's own 405 was). Paths under a mounted app
(static files) are left to that app.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fastapi.routing import iter_route_contexts
from starlette.requests import Request
from starlette.routing import BaseRoute, Mount, compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

from dialoog.kit.errors import problem_for_status, problem_response


@dataclass(frozen=True)
class _Template:
    regex: re.Pattern[str]
    specificity: tuple[int, ...]  # per segment: 0 literal, 1 parameter; smaller is more specific
    methods: frozenset[str] | None  # None: a mounted app that answers every method itself


def _templates(routes: Iterable[BaseRoute]) -> list[_Template]:
    found = []
    for context in iter_route_contexts(list(routes)):
        path = context.path
        if not path:
            continue
        mounted = isinstance(context.original_route, Mount)
        if mounted:
            path = path.rstrip("/") + "/{path:path}"
        regex, _, _ = compile_path(path)
        specificity = tuple(1 if "{" in segment else 0 for segment in path.strip("/").split("/"))
        methods = None if mounted or not context.methods else frozenset(context.methods)
        found.append(_Template(regex, specificity, methods))
    return found


def allowed_methods(templates: Sequence[_Template], path: str) -> list[str] | None:
    """The methods of the most specific templates matching `path`, sorted; None when no route
    matches it (a 404) or a mounted app serves it."""
    matching = [t for t in templates if t.regex.match(path)]
    if not matching:
        return None
    best = min(t.specificity for t in matching)
    methods: set[str] = set()
    for template in matching:
        if template.specificity == best:
            if template.methods is None:
                return None
            methods |= template.methods
    return sorted(methods)


class AllowHeaderMiddleware:
    """Answer a method the path does not support with 405 and every method it does in `Allow`."""

    def __init__(self, app: ASGIApp, routes: Iterable[BaseRoute]) -> None:
        self.app = app
        self.routes = routes
        self._templates: list[_Template] | None = None  # read at the first request, when all are added

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if self._templates is None:
                self._templates = _templates(self.routes)
            path = scope["path"].removeprefix(scope.get("root_path", "")) or "/"
            allowed = allowed_methods(self._templates, path)
            if allowed and scope["method"] not in allowed:
                problem = problem_for_status(405)
                problem.headers = {"Allow": ", ".join(allowed)}
                await problem_response(problem, Request(scope))(scope, receive, send)
                return
        await self.app(scope, receive, send)
