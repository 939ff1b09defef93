"""OpenAPI as clients see it: every 4xx/5xx is application/problem+json with the Problem schema
(FastAPI's default 422 schema is replaced, since the kit answers validation errors as problems)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details, in the language of Accept-Language, with both texts under i18n.",
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "example": "urn:dialoog:problem:validation"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "description": "Stable machine-readable code (docs/problems.md)"},
        "i18n": {
            "type": "object",
            "properties": {
                lang: {
                    "type": "object",
                    "properties": {"title": {"type": "string"}, "detail": {"type": "string"}},
                }
                for lang in ("nl", "en")
            },
        },
        "errors": {
            "type": "array",
            "description": "Per field, for 422",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "reason": {"type": "string"},
                    "kind": {"type": "string"},
                },
            },
        },
    },
}
# For a route's `responses={401: PROBLEM, ...}`; install_problem_openapi gives each its schema.
PROBLEM: dict[str, Any] = {"description": "Problem (application/problem+json)"}
PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def install_problem_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Problem"] = PROBLEM_SCHEMA
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if status[0] in "45":
                        response["content"] = PROBLEM_CONTENT
                        response.setdefault("description", "Problem")
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
