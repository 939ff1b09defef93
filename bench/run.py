"""`make bench`: every benchmark, each printing its figures beside the raw components measured in
the same run on the same machine. Nothing is asserted.

    python bench/run.py [--only keycloak[,salaris...]] [arguments for every benchmark]
    make bench ONLY=keycloak
"""

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "events.py",
    "imports.py",
    "portfolio.py",
    "follow_up.py",
    "portal.py",
    "salaris.py",
    "webhooks.py",
    "notifications.py",
    "keycloak_scale.py",
]

if __name__ == "__main__":
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--only", default="", help="benchmarks by name, separated by commas")
    args, rest = parser.parse_known_args()
    # A name selects the benchmarks it begins: `keycloak` is keycloak_scale.py.
    names = [n.strip().removesuffix(".py") for n in args.only.split(",") if n.strip()]
    wanted = [b for b in BENCHMARKS if any(b.startswith(n) for n in names)]
    unknown = [n for n in names if not any(b.startswith(n) for b in BENCHMARKS)]
    if unknown:
        sys.exit(f"unknown benchmark(s) {', '.join(unknown)}; there are: {', '.join(BENCHMARKS)}")
    status = 0
    for name in wanted or BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        status |= subprocess.call([sys.executable, str(HERE / name), *rest])
    sys.exit(status)
