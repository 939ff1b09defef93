"""What the sweep's workflow returns (plain data, Temporal's JSON converter carries it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SweepResult:
    # tenant -> {"expired": n, "answers_deleted": n}
    swept: dict[str, dict[str, int]] = field(default_factory=dict)
    # tenants whose pass still failed after the retries; the next run tries them again
    failed: list[str] = field(default_factory=list)
