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


# What any operation can answer, whatever its route says: the input guard's 422 (a NUL in the query)
# and 503 while a dependency is down; with a body also malformed JSON (400) and a too large one (413);
# behind a token 401; with If-Match 412 and 428.
ALWAYS = {
    "422": "Invalid input (problem code validation or invalid-text)",
    "503": "A dependency is unavailable",
}
WITH_BODY = {"400": "Malformed JSON", "413": "The body is too large"}
WITH_TOKEN = {"401": "No valid access token", "403": "The token does not allow this"}
WITH_IF_MATCH = {"412": "The version in If-Match is no longer current", "428": "If-Match is missing"}


def _complete(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    expected: dict[str, str] = dict(ALWAYS)
    if "requestBody" in operation:
        expected.update(WITH_BODY)
    if operation.get("security"):
        expected.update(WITH_TOKEN)
    headers = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "header" and parameter["name"].lower() == "if-match":
            # 428 without it (optional only in the Python signature), unless If-None-Match may stand in
            parameter["required"] = "if-none-match" not in headers
            parameter["schema"] = {"type": "string", "pattern": '^(W/)?"?[0-9]{1,9}"?$', "example": '"1"'}
            expected.update(WITH_IF_MATCH)
    for status, description in expected.items():
        responses.setdefault(status, {"description": description})


def _security_schemes(document: dict[str, Any], oidc_issuer: str | None) -> None:
    if not oidc_issuer:
        return
    schemes = document.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes["oidc"] = {
        "type": "openIdConnect",
        "openIdConnectUrl": f"{oidc_issuer.rstrip('/')}/.well-known/openid-configuration",
        "description": "Keycloak (realm dialoog); send the access token as a bearer token",
    }
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            security = operation.get("security")
            if security and {"oidc": []} not in security:
                security.append({"oidc": []})


def install_problem_openapi(app: FastAPI, oidc_issuer: str | None = None) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
            separate_input_output_schemas=app.separate_input_output_schemas,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Problem"] = PROBLEM_SCHEMA
        _security_schemes(document, oidc_issuer)
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                _complete(operation)
                for status, response in operation.get("responses", {}).items():
                    if status[0] in "45":
                        response["content"] = PROBLEM_CONTENT
                        response.setdefault("description", "Problem")
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
