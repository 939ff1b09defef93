"""The definitive moment: an immutable, hashed snapshot of a period; and the audit hash chain."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def snapshot_hash(snapshot: dict) -> str:
    return hashlib.sha256(canonical(snapshot)).hexdigest()


GENESIS = "0" * 64


def chain_hash(previous: str, record: dict) -> str:
    return hashlib.sha256(previous.encode() + canonical(record)).hexdigest()


def first_break(records: list[tuple[dict, str, str]]) -> int | None:
    """records: (content, prev_hash, hash) in order. The index of the first record whose link or
    hash does not hold, or None when the chain is intact."""
    previous = GENESIS
    for index, (content, prev_hash, stored) in enumerate(records):
        if prev_hash != previous or chain_hash(prev_hash, content) != stored:
            return index
        previous = stored
    return None
