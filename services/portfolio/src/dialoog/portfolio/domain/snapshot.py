"""The definitive moment: an immutable, hashed snapshot of a period. The audit hash chain
(chain_hash, first_break, GENESIS) is kit's, shared by every service that keeps a trail; it is
re-exported here for the callers that verify it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from dialoog.kit.audit import GENESIS, chain_hash, first_break

__all__ = ["GENESIS", "canonical", "chain_hash", "first_break", "snapshot_hash"]


def canonical(value: Any) -> bytes:
    """The snapshot's own canonical JSON: locked periods' hashes depend on it, so it stays here
    and does not follow changes in kit."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def snapshot_hash(snapshot: dict) -> str:
    return hashlib.sha256(canonical(snapshot)).hexdigest()
