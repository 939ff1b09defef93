"""The director's talk reports to read (Heemstede, seed 002): pure rules over the org tree."""

from __future__ import annotations

from collections.abc import Hashable, Mapping


def units_under(parents: Mapping[Hashable, Hashable | None], root: Hashable | None) -> set:
    """The unit and every unit below it (a cycle in the tree is not followed twice)."""
    if root is None:
        return set()
    children: dict = {}
    for unit, parent in parents.items():
        children.setdefault(parent, []).append(unit)
    found, todo = set(), [root]
    while todo:
        unit = todo.pop()
        if unit in found:
            continue
        found.add(unit)
        todo.extend(children.get(unit, []))
    return found
