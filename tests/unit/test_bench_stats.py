"""The benchmarks' percentile helper (bench/_stats.py): nearest rank, as the figures in
docs/capacity.md are read."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from _stats import latency


def test_p95_is_the_nearest_rank_and_max_the_slowest():
    samples = [float(v) for v in range(1, 21)]  # 1..20 ms, shuffled order must not matter
    got = latency(list(reversed(samples)))
    assert (got.n, got.p50, got.p95, got.max) == (20, 10.5, 19.0, 20.0)


def test_one_outlier_in_thirty_shows_in_max_not_in_p95():
    got = latency([5.0] * 29 + [900.0])
    assert (got.p50, got.p95, got.max) == (5.0, 5.0, 900.0)


def test_no_samples_is_refused():
    with pytest.raises(ValueError):
        latency([])
