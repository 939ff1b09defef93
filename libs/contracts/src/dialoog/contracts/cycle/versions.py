"""Versions of a tenant's cycle definition: which one applies on a date, and what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dialoog.contracts.cycle.schema import CycleDefinition


@dataclass(frozen=True)
class Version:
    number: int
    effective_from: date
    definition: CycleDefinition


def effective_on(versions: list[Version], day: date) -> Version | None:
    """The version in force on `day`: the highest-numbered one effective on or before it. Work that
    started on `day` stays on this version, whatever is added later."""
    candidates = [v for v in versions if v.effective_from <= day]
    return max(candidates, key=lambda v: v.number) if candidates else None


@dataclass(frozen=True)
class Change:
    path: str
    old: Any
    new: Any


def diff(old: CycleDefinition, new: CycleDefinition) -> list[Change]:
    """Field-level differences; list items with a `key` are matched by key, not by position."""
    changes: list[Change] = []
    _walk(old.model_dump(mode="json"), new.model_dump(mode="json"), "", changes)
    return changes


def _walk(a: Any, b: Any, path: str, out: list[Change]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=lambda k: (k not in a, k)):
            _walk(a.get(key), b.get(key), f"{path}.{key}" if path else key, out)
        return
    if isinstance(a, list) and isinstance(b, list) and _keyed(a) and _keyed(b):
        old_items = {item["key"]: item for item in a}
        new_items = {item["key"]: item for item in b}
        for key in list(old_items) + [k for k in new_items if k not in old_items]:
            _walk(old_items.get(key), new_items.get(key), f"{path}[{key}]", out)
        return
    if a != b:
        out.append(Change(path, a, b))


def _keyed(items: list) -> bool:
    return all(isinstance(i, dict) and "key" in i for i in items)
