#!/usr/bin/env python3
"""Install uv from PyPI when it is not on the machine: the wheel for this platform, checked against
PyPI's sha256, its `uv` binary unpacked to the target path. Standard library only, so it runs on a
fresh machine with nothing but Python 3.11+.

    python3 scripts/bootstrap_uv.py VERSION TARGET
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
import stat
import sys
import urllib.request
import zipfile
from pathlib import Path

INDEX = "https://pypi.org/simple/uv/"


def platform_tags() -> list[str]:
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if sys.platform.startswith("linux"):
        return [f"manylinux_2_17_{arch}", f"manylinux2014_{arch}", f"musllinux_1_1_{arch}"]
    if sys.platform == "darwin":
        return ["macosx_11_0_arm64" if arch in ("arm64", "aarch64") else "macosx_10_12_x86_64"]
    raise SystemExit(f"no uv wheel known for {sys.platform}/{machine}; install uv yourself")


def find_wheel(version: str) -> dict:
    request = urllib.request.Request(INDEX, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    wheels = [
        f for f in files if f["filename"].startswith(f"uv-{version}-") and f["filename"].endswith(".whl")
    ]
    for tag in platform_tags():
        for wheel in wheels:
            if tag in wheel["filename"]:
                return wheel
    raise SystemExit(f"uv {version} has no wheel for this platform on PyPI")


def download(url: str, size: int) -> bytes:
    chunks, done = [], 0
    with urllib.request.urlopen(url, timeout=120) as response:
        while chunk := response.read(1 << 20):
            chunks.append(chunk)
            done += len(chunk)
            sys.stderr.write(f"\r  downloading uv: {done * 100 // max(size, 1):3d}%")
            sys.stderr.flush()
    sys.stderr.write("\n")
    return b"".join(chunks)


def main() -> None:
    version, target = sys.argv[1], Path(sys.argv[2])
    wheel = find_wheel(version)
    data = download(wheel["url"], wheel.get("size", 0))
    if hashlib.sha256(data).hexdigest() != wheel["hashes"]["sha256"]:
        raise SystemExit("uv wheel checksum mismatch; not installing")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        member = next(n for n in zf.namelist() if n.endswith("/scripts/uv"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(zf.read(member))
    target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    print(f"uv {version} installed at {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
