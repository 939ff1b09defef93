"""The definitive moment: an immutable, hashed snapshot of a period. (The audit hash chain is
kit's: dialoog.kit.audit.)"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical(value: Any) -> bytes:
    """The snapshot's own canonical JSON: locked periods' hashes depend on it, so it stays here
    and does not follow changes in kit."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def snapshot_hash(snapshot: dict) -> str:
    return hashlib.sha256(canonical(snapshot)).hexdigest()
