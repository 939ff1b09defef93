"""Errors as RFC 9457 problem+json, with Dutch and English text.

Every error a client can see is a `Problem`: a stable `code` (the last part of `type`), an HTTP
status, and a title and detail in Dutch and English. The response speaks the language the client
asks for (Accept-Language, Dutch by default) and carries both texts under `i18n`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from dialoog.kit.redaction import logged_path

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:dialoog:problem:"


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


@dataclass
class Problem(Exception):
    status: int
    code: str
    title: Text
    detail: Text | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] | None = None

    def body(self, lang: str, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": TYPE_PREFIX + self.code,
            "title": self.title.get(lang),
            "status": self.status,
        }
        if self.detail:
            body["detail"] = self.detail.get(lang)
        if instance:
            body["instance"] = instance
        body["code"] = self.code
        body["i18n"] = {
            "nl": {"title": self.title.nl, **({"detail": self.detail.nl} if self.detail else {})},
            "en": {"title": self.title.en, **({"detail": self.detail.en} if self.detail else {})},
        }
        body.update(self.extra)
        if "errors" in body:
            # Field errors carry both languages; `reason` follows the client's language.
            body["errors"] = [
                {**e, "reason": e.get(f"reason_{lang}", e.get("reason", ""))} for e in body["errors"]
            ]
        return body


def preferred_language(request: Request) -> str:
    """Dutch unless the client prefers English over Dutch."""
    header = request.headers.get("accept-language", "")
    ranked: list[tuple[float, str]] = []
    for part in header.split(","):
        piece = part.strip()
        if not piece:
            continue
        lang, _, params = piece.partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((q, lang.strip().lower()[:2]))
    for _, lang in sorted(ranked, key=lambda r: -r[0]):
        if lang in ("nl", "en"):
            return lang
    return "nl"


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    lang = preferred_language(request) if request is not None else "nl"
    instance = request.url.path if request is not None else None
    return JSONResponse(
        problem.body(lang, instance),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=problem.headers,
    )


# The code of each HTTP status the framework answers by itself; titles live in kit.problems.
_STATUS_CODES: dict[int, str] = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation",
    428: "precondition-required",
    500: "internal",
    503: "unavailable",
}


def problem_for_status(status: int, detail: Text | None = None) -> Problem:
    from dialoog.kit.problems import problem  # the catalogue imports this module

    name = _STATUS_CODES.get(status)
    if name is None:  # a status the framework raises that no route documents
        return Problem(status, "http-" + str(status), Text(f"Fout {status}", f"Error {status}"), detail)
    return problem(name, detail)


_DUTCH: dict[str, str] = {
    "missing": "is verplicht",
    "string_too_short": "is te kort",
    "string_too_long": "is te lang (hoogstens {max_length} tekens)",
    "string_type": "moet tekst zijn",
    "string_pattern_mismatch": "heeft niet de juiste vorm",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "bool_parsing": "moet ja of nee zijn",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "literal_error": "moet een van deze zijn: {expected}",
    "uuid_parsing": "is geen geldige id",
    "uuid_type": "is geen geldige id",
    "date_parsing": "is geen geldige datum (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "is geen geldige datum (JJJJ-MM-DD)",
    "extra_forbidden": "is geen bekend veld",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een object zijn",
    "model_attributes_type": "moet een object zijn",
    "json_invalid": "is geen geldige JSON",
}


# Errors that a validator of our own raised (or EmailStr's checker): the input has the shape the
# OpenAPI gives, and a rule the schema cannot express refuses it (ADR 0020).
_RULE_TYPES = frozenset({"value_error", "assertion_error"})


def field_error(field: str, nl: str, en: str, kind: str) -> dict[str, str]:
    """One entry of a problem's `errors`: the field, why in both languages (`reason` is the
    English one), and a machine-readable kind."""
    return {"field": field, "reason": en, "reason_en": en, "reason_nl": nl, "kind": kind}


def dutch_reason(error: dict[str, Any]) -> str:
    """Pydantic speaks English; the common cases in Dutch, the rest (our own rules) as written."""
    template = _DUTCH.get(error.get("type", ""))
    if template is None:
        message = str(error.get("msg", ""))
        return message.removeprefix("Value error, ")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


def _location(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    from dialoog.kit import problems as catalogue  # the catalogue imports this module

    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        problem = catalogue.problem(
            "malformed-json",
            Text("De inhoud van het verzoek is geen geldige JSON.", "The request body is not valid JSON."),
        )
        return problem_response(problem, request)
    fields = [
        field_error(_location(e.get("loc", ())), dutch_reason(e), e.get("msg", ""), e.get("type", ""))
        for e in errors
    ]
    names = ", ".join(f["field"] for f in fields)
    problem = catalogue.problem(
        "rule" if all(e.get("type") in _RULE_TYPES for e in errors) else "validation",
        Text(f"Controleer deze velden: {names}.", f"Check these fields: {names}."),
        errors=fields,
    )
    return problem_response(problem, request)


async def _on_problem(request: Request, exc: Problem) -> JSONResponse:
    return problem_response(exc, request)


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    problem = problem_for_status(exc.status_code)
    if exc.headers:
        problem.headers = dict(exc.headers)
    return problem_response(problem, request)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, logged_path(request), exc_info=exc)
    return problem_response(problem_for_status(500), request)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unexpected)
