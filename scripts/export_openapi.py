#!/usr/bin/env python3
"""Write every service's OpenAPI document to docs/api/<service>.openapi.json.
Run after changing an API: `uv run python scripts/export_openapi.py`; a test fails when they are stale."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from dialoog.devstack.config import SERVICES

DOCS = Path(__file__).resolve().parents[1] / "docs" / "api"


def render(service: str) -> str:
    app = importlib.import_module(f"dialoog.{service}.main").create_app()
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    DOCS.mkdir(parents=True, exist_ok=True)
    for service in SERVICES:
        (DOCS / f"{service}.openapi.json").write_text(render(service))
    print(f"wrote {len(SERVICES)} OpenAPI documents to {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
