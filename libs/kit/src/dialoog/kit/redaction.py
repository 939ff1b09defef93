"""Paths that carry a secret (the portal's outsider links, `/f/<token>`) are kept out of the access
log, the OpenTelemetry spans and the kit's own log lines (ADR 0023). A service names its secret
path prefixes in its settings (`secret_path_prefixes`); everything after such a prefix, query
included, becomes `[redacted]`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

from starlette.requests import Request

REDACTED = "[redacted]"
# The span attributes (old and new HTTP semantic conventions) that hold the request's path or URL.
PATH_ATTRIBUTES = ("http.target", "url.path")
URL_ATTRIBUTES = ("http.url", "url.full")
QUERY_ATTRIBUTES = ("url.query",)


def redact_path(target: str, prefixes: Sequence[str]) -> str:
    """`/f/abc.def?x=1` -> `/f/[redacted]` when `/f/` is a secret prefix; other paths unchanged."""
    for prefix in prefixes:
        if target.startswith(prefix):
            return prefix + REDACTED
    return target


def redact_url(url: str, prefixes: Sequence[str]) -> str:
    parts = urlsplit(url)
    path = redact_path(parts.path, prefixes)
    if path == parts.path:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def is_secret(path: str, prefixes: Sequence[str]) -> bool:
    return any(path.startswith(prefix) for prefix in prefixes)


def logged_path(request: Request) -> str:
    """The request's path as the kit writes it into a log line."""
    return redact_path(request.url.path, getattr(request.app.state, "secret_paths", ()))


class AccessLogRedaction(logging.Filter):
    """uvicorn's access log record: args = (client, method, path with query, http version, status)."""

    def __init__(self, prefixes: Sequence[str]) -> None:
        super().__init__("dialoog-redaction")
        self.prefixes = tuple(prefixes)

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_path(args[2], self.prefixes), *args[3:])
        return True


def install_access_log_redaction(prefixes: Sequence[str]) -> None:
    """Once per process (the filter is on uvicorn's global access logger)."""
    if not prefixes:
        return
    logger = logging.getLogger("uvicorn.access")
    for existing in logger.filters:
        if isinstance(existing, AccessLogRedaction):
            existing.prefixes = tuple(sorted({*existing.prefixes, *prefixes}))
            return
    logger.addFilter(AccessLogRedaction(prefixes))


def span_hook(prefixes: Sequence[str]):
    """A FastAPI instrumentation `server_request_hook`: overwrites the server span's path and URL
    attributes of a secret path before the span ends (the span name is the route template,
    `GET /f/{token}`, which holds no secret)."""

    def hook(span, scope: dict) -> None:
        if not prefixes or not span.is_recording() or not is_secret(scope.get("path", ""), prefixes):
            return
        attributes = getattr(span, "attributes", None) or {}
        for key in PATH_ATTRIBUTES:
            if key in attributes:
                span.set_attribute(key, redact_path(str(attributes[key]), prefixes))
        for key in URL_ATTRIBUTES:
            if key in attributes:
                span.set_attribute(key, redact_url(str(attributes[key]), prefixes))
        for key in QUERY_ATTRIBUTES:
            if key in attributes:
                span.set_attribute(key, REDACTED)

    return hook
