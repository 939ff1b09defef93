"""The one catalogue of problem codes: every code raised anywhere is in it, and docs/problems.md
lists each exactly once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dialoog.kit import errors, problems, problems_doc
from dialoog.kit.problems import CODES, conflict, invalid, not_found, problem

ROOT = Path(__file__).resolve().parents[4]
SOURCES = sorted(
    p
    for p in [*ROOT.glob("libs/*/src/**/*.py"), *ROOT.glob("services/*/src/**/*.py")]
    if ".venv" not in p.parts
)
KIT = ROOT / "libs" / "kit" / "src" / "dialoog" / "kit"
MAY_BUILD_PROBLEMS = {KIT / "errors.py", KIT / "problems.py"}

# factory -> (position of the code argument, its default, the status it must have)
FACTORIES: dict[str, tuple[int, str | None, int | None]] = {
    "problem": (0, None, None),
    "not_found": (0, "not-found", 404),
    "conflict": (0, None, 409),
    "invalid": (1, "validation", 422),
    "invalid_field": (3, "validation", 422),
    "forbidden": (99, "forbidden", 403),
}


def _imported_factories(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "dialoog.kit.problems":
            names |= {a.asname or a.name for a in node.names if a.name in FACTORIES}
    return names


def _literals(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _literals(node.body), _literals(node.orelse)
        return a + b if a is not None and b is not None else None
    return None


def _raised_codes() -> tuple[list[tuple[str, str, int | None]], list[str]]:
    """(where, code, required status) of every factory call, and the calls whose code is not a literal."""
    found, dynamic = [], []
    for path in SOURCES:
        tree = ast.parse(path.read_text(), str(path))
        factories = _imported_factories(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name == "Problem" and path not in MAY_BUILD_PROBLEMS:
                dynamic.append(f"{where}: builds a Problem itself; use dialoog.kit.problems")
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                if node.func.value.id in ("problems", "catalogue") and name in FACTORIES:
                    factories = factories | {name}
                else:
                    continue
            if name not in factories:
                continue
            position, default, status = FACTORIES[name]
            arg = next((k.value for k in node.keywords if k.arg == "name"), None)
            if arg is None and len(node.args) > position:
                arg = node.args[position]
            if arg is None:
                if default is None:
                    dynamic.append(f"{where}: {name}() without a code")
                else:
                    found.append((where, default, status))
                continue
            codes = _literals(arg)
            if codes is None and path == KIT / "errors.py":
                continue  # problem_for_status: its codes are checked below
            if codes is None:
                dynamic.append(f"{where}: {name}() with a code that is not a string literal")
                continue
            found.extend((where, code, status) for code in codes)
    return found, dynamic


def test_every_code_raised_anywhere_is_registered_with_its_status():
    found, dynamic = _raised_codes()
    assert not dynamic, "\n".join(dynamic)
    assert len(found) > 50  # the scan sees the services
    wrong = [
        f"{where}: {code}"
        + ("" if code in CODES else " is not in dialoog.kit.problems")
        + (f" is a {CODES[code].status}, not a {status}" if code in CODES and status else "")
        for where, code, status in found
        if code not in CODES or (status is not None and CODES[code].status != status)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_framework_statuses_have_registered_codes():
    for status, code in errors._STATUS_CODES.items():
        assert CODES[code].status == status
        assert errors.problem_for_status(status).title == CODES[code].title


def test_docs_list_every_registered_code_exactly_once():
    published = (ROOT / "docs" / "problems.md").read_text()
    assert published == problems_doc.render(), (
        "docs/problems.md is stale; run: uv run python -m dialoog.kit.problems_doc"
    )
    for code in CODES:
        assert published.count(f"| `{code}` |") == 1, code


def test_a_problem_keeps_the_wire_format():
    body = conflict(
        "round-exists", "De ronde 2026 is al geopend.", "Round 2026 is open.", round_id="r1"
    ).body("en", "/v1/salary/rounds")
    assert body == {
        "type": "urn:dialoog:problem:round-exists",
        "title": "A salary round exists",
        "status": 409,
        "detail": "Round 2026 is open.",
        "instance": "/v1/salary/rounds",
        "code": "round-exists",
        "i18n": {
            "nl": {"title": "Er is al een salarisronde", "detail": "De ronde 2026 is al geopend."},
            "en": {"title": "A salary round exists", "detail": "Round 2026 is open."},
        },
        "round_id": "r1",
    }


def test_invalid_names_each_field_in_both_languages():
    body = invalid([("body.a", "is leeg", "is empty"), ("body.b", "te lang", "too long")]).body("nl")
    assert body["status"] == 422 and body["code"] == "validation"
    assert body["detail"] == "is leeg; te lang"
    assert body["errors"][1] == {
        "field": "body.b",
        "reason": "te lang",
        "reason_en": "too long",
        "reason_nl": "te lang",
        "kind": "validation",
    }


def test_a_factory_refuses_an_unknown_code_or_the_wrong_status():
    with pytest.raises(KeyError):
        problem("no-such-code")
    with pytest.raises(ValueError):
        not_found("round-exists")
    assert not_found().code == "not-found" and not_found().status == 404


def test_areas_cover_every_code():
    assert {c.area for c in CODES.values()} <= set(problems.AREAS)
