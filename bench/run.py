"""`make bench`: every benchmark, each printing its figures beside the raw components measured in
the same run on the same machine. Nothing is asserted."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["events.py", "imports.py", "portfolio.py", "salaris.py", "webhooks.py", "notifications.py"]

if __name__ == "__main__":
    status = 0
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        status |= subprocess.call([sys.executable, str(HERE / name), *sys.argv[1:]])
    sys.exit(status)
