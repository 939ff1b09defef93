"""The published OpenAPI documents in docs/api match the code."""

import importlib.util
from pathlib import Path

import pytest

from dialoog.devstack.config import SERVICES

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("export_openapi", ROOT / "scripts" / "export_openapi.py")
export_openapi = importlib.util.module_from_spec(spec)
spec.loader.exec_module(export_openapi)


@pytest.mark.parametrize("service", SERVICES)
def test_docs_api_is_current(service):
    published = ROOT / "docs" / "api" / f"{service}.openapi.json"
    assert published.exists(), "run: uv run python scripts/export_openapi.py"
    assert published.read_text() == export_openapi.render(service), (
        f"docs/api/{service}.openapi.json is stale; run: uv run python scripts/export_openapi.py"
    )


@pytest.mark.parametrize("service", SERVICES)
def test_every_error_response_is_documented_as_problem_json(service):
    import json

    document = json.loads((ROOT / "docs" / "api" / f"{service}.openapi.json").read_text())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                if status[0] in "45":
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)


def _integers_without_bounds(schema, components, where, seen=()):
    """Every integer a client may send, reached through $ref, anyOf/allOf, items and properties."""
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen:
            yield from _integers_without_bounds(
                components[name], components, f"{where}<{name}>", (*seen, name)
            )
        return
    low = "minimum" in schema or "exclusiveMinimum" in schema
    high = "maximum" in schema or "exclusiveMaximum" in schema
    if schema.get("type") == "integer" and not (low and high):
        if "enum" not in schema and "const" not in schema:
            yield where
    for key in ("anyOf", "allOf", "oneOf"):
        for index, part in enumerate(schema.get(key, [])):
            yield from _integers_without_bounds(part, components, f"{where}.{key}[{index}]", seen)
    if "items" in schema:
        yield from _integers_without_bounds(schema["items"], components, f"{where}[]", seen)
    for name, part in (schema.get("properties") or {}).items():
        yield from _integers_without_bounds(part, components, f"{where}.{name}", seen)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        yield from _integers_without_bounds(extra, components, f"{where}.*", seen)


@pytest.mark.parametrize("service", SERVICES)
def test_every_integer_a_client_sends_is_bounded(service):
    """An unbounded integer reaches PostgreSQL and overflows its column: bound it with dialoog.kit.fields."""
    import json

    document = json.loads((ROOT / "docs" / "api" / f"{service}.openapi.json").read_text())
    components = document.get("components", {}).get("schemas", {})
    unbounded = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                where = f"{method.upper()} {path} {parameter['in']}.{parameter['name']}"
                unbounded += _integers_without_bounds(parameter.get("schema", {}), components, where)
            for media, content in (operation.get("requestBody") or {}).get("content", {}).items():
                where = f"{method.upper()} {path} body({media})"
                unbounded += _integers_without_bounds(content.get("schema", {}), components, where)
    assert unbounded == []


def _properties(schema, components, seen=()):
    """Every property name a response schema can carry, through $ref, anyOf, items and properties."""
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen:
            yield from _properties(components[name], components, (*seen, name))
        return
    for key in ("anyOf", "allOf", "oneOf"):
        for part in schema.get(key, []):
            yield from _properties(part, components, seen)
    if "items" in schema:
        yield from _properties(schema["items"], components, seen)
    for name, part in (schema.get("properties") or {}).items():
        yield name
        yield from _properties(part, components, seen)


@pytest.mark.parametrize("service", SERVICES)
def test_every_success_response_has_a_schema_and_none_carries_the_tenant(service):
    import json

    document = json.loads((ROOT / "docs" / "api" / f"{service}.openapi.json").read_text())
    components = document.get("components", {}).get("schemas", {})
    empty, tenant = [], []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                for media, content in response.get("content", {}).items():
                    schema = content.get("schema")
                    if not schema:
                        empty.append(f"{method.upper()} {path} {status} {media}")
                    elif "tenant_id" in set(_properties(schema, components)):
                        tenant.append(f"{method.upper()} {path} {status}")
    assert empty == [] and tenant == []
