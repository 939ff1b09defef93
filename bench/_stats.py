"""The benchmarks' latency figures: p50, p95 and max of a list of samples (milliseconds)."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Latency:
    n: int
    p50: float
    p95: float
    max: float

    def cell(self) -> str:
        return f"{self.p50:,.1f} / {self.p95:,.1f} / {self.max:,.1f} ms"


def latency(samples: list[float]) -> Latency:
    """Nearest-rank percentiles: p95 is the smallest sample at or above 95% of them (of 20
    samples the 19th, of 30 the 29th), so a single slow outlier in 30 shows in max, not p95."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return Latency(len(ordered), statistics.median(ordered), p95, ordered[-1])
