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
