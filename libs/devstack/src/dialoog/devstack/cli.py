"""`dialoog`: run the whole platform on this machine.

dialoog up              start everything (PostgreSQL, NATS, Temporal, Keycloak, SMTP sink, services)
dialoog up --replicas 2 the same with two processes of every service and worker, NATS a cluster of 3
dialoog down            stop every process `up` started, by pid
dialoog status [--json] one line (or JSON object) per component: name, url, pid, healthy
dialoog logs NAME       the last lines of a component's log (-f to follow)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

from dialoog.devstack import stack
from dialoog.devstack.config import DEMO_PASSWORD, StackConfig
from dialoog.devstack.demo import TENANTS, USERS


def _print_welcome(cfg: StackConfig) -> None:
    portal = f"http://localhost:{cfg.port('portal')}"
    print(f"\nDialoog runs. Portal: {portal}")
    print(f"Keycloak: {cfg.keycloak_url} (admin / admin)   Mail: {cfg.mail_dir}")
    print(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    names = {t.alias: t.name for t in TENANTS}
    for user in USERS:
        where = ", ".join(names[t] for t in user.tenants) or "platform"
        print(f"  {user.username:<26} {', '.join(user.roles):<32} {where}")
    print("\nStop with `make down`; see `dialoog status` and `dialoog logs NAME`.")


def cmd_up(args: argparse.Namespace, cfg: StackConfig) -> int:
    t0 = time.monotonic()
    try:
        started = stack.up(cfg, with_services=not args.infra_only, seed_history=not args.no_history)
    except (stack.PortTaken, stack.OtherReplicas) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not started:
        print("Dialoog is already running; nothing to do (see `dialoog status`).")
        return 0
    print(f"Stack healthy in {time.monotonic() - t0:.1f}s.")
    if not args.infra_only:
        _print_welcome(cfg)
    return 0


def cmd_down(args: argparse.Namespace, cfg: StackConfig) -> int:
    stopped = stack.down(cfg)
    print("Stopped: " + ", ".join(stopped) if stopped else "Nothing was running.")
    return 0


def cmd_status(args: argparse.Namespace, cfg: StackConfig) -> int:
    rows = stack.status(cfg)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        width = max(len(r["name"]) for r in rows)
        for row in rows:
            mark = "healthy" if row["healthy"] else ("running" if row["pid"] else "stopped")
            print(f"{row['name']:<{width}} {mark:<9} pid={row['pid'] or '-':<8} {row['url']}")
    return 0 if all(r["healthy"] for r in rows) else 1


def cmd_restart(args: argparse.Namespace, cfg: StackConfig) -> int:
    if args.name not in stack.by_name(cfg):
        print(
            f"error: unknown component {args.name!r}; one of: {', '.join(stack.by_name(cfg))}",
            file=sys.stderr,
        )
        return 2
    stack.restart(cfg, args.name)
    print(f"{args.name} restarted")
    return 0


def cmd_logs(args: argparse.Namespace, cfg: StackConfig) -> int:
    if args.name not in stack.by_name(cfg):
        print(
            f"error: unknown component {args.name!r}; one of: {', '.join(stack.by_name(cfg))}",
            file=sys.stderr,
        )
        return 2
    log = cfg.log_file(args.name)
    if not log.exists():
        print(f"error: no log yet at {log}", file=sys.stderr)
        return 1
    argv = ["tail", "-n", str(args.lines)] + (["-F"] if args.follow else []) + [str(log)]
    try:
        return subprocess.call(argv)
    except KeyboardInterrupt:
        return 0


def cmd_integrator(args: argparse.Namespace, cfg: StackConfig) -> int:
    """An integrator's account and credentials, and its consumers when NATS runs (ADR 0014)."""
    import asyncio

    from dialoog.devstack import integrator_consumers, integrators

    try:
        since = _since(args.since) if args.since else None
        nats_pid = stack.running_pid(cfg, "nats")
        integrator = integrators.add(cfg, args.tenant, args.name, nats_pid, tuple(args.only or ()))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    streams: list[str] = []
    if nats_pid:
        streams = asyncio.run(integrator_consumers.make_ready(cfg, integrator, nats_pid, since))
    else:
        print("NATS is not running: the consumers are made at the next `dialoog up`", file=sys.stderr)
    print(json.dumps(integrators.credentials(cfg, integrator, streams), indent=2))
    return 0


def _since(value: str):
    """An ISO date (midnight in Europe/Amsterdam) or date-time (Amsterdam time if it has no offset)."""
    from datetime import datetime

    from dialoog.kit.clock import AMSTERDAM

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--since takes an ISO date or date-time, e.g. 2026-01-01: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)


def cmd_import(args: argparse.Namespace, cfg: StackConfig) -> int:
    """Upload a CSV of people and units to organisatie and follow its progress."""
    import httpx

    from dialoog.devstack.demo_people import follow_import
    from dialoog.devstack.tokens import password_token

    content = Path(args.file).read_bytes()
    headers = {"Authorization": f"Bearer {password_token(cfg, args.user)}"}
    with httpx.Client(base_url=cfg.service_url("organisatie"), timeout=60) as client:
        started = client.post(
            "/v1/imports",
            content=content,
            headers={**headers, "content-type": "text/csv", "x-filename": args.file},
        )
        if started.status_code != 202:
            problem = started.json()
            print(f"error: {problem.get('detail') or problem.get('title')}", file=sys.stderr)
            return 2
        url = started.headers["location"]

        def bar(job: dict) -> None:
            width = 30
            done = width * job["percent"] // 100
            sys.stderr.write(f"\r  [{'#' * done}{' ' * (width - done)}] {job['percent']:3d}%")
            sys.stderr.flush()

        job = follow_import(client, url, headers, interval=0.2, progress=bar)
    sys.stderr.write("\n")
    print(
        f"{job['status']}: {job['created']} created, {job['updated']} updated, {job['unchanged']} unchanged, "
        f"{job['failed']} failed"
    )
    errors = [r for r in job["report"] if r["status"] == "error"]
    for row in errors[:50]:
        reasons = "; ".join(f"{e['field']}: {e['reason']}" for e in row["errors"])
        print(f"  line {row['line']}: {reasons}")
    if len(errors) > 50:
        print(f"  ... and {len(errors) - 50} more (GET {url})")
    return 0 if job["status"] == "done" and not errors else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dialoog", description="Run the Dialoog platform locally.")
    parser.add_argument(
        "--state-dir", help="where data, logs and pids live (default .dialoog, or DIALOOG_STATE_DIR)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_up = sub.add_parser("up", help="start the whole stack with the demo tenants")
    p_up.add_argument(
        "--infra-only", action="store_true", help="only PostgreSQL, NATS, Temporal, Keycloak, SMTP"
    )
    p_up.add_argument(
        "--no-history",
        action="store_true",
        help="the demo tenants without their lived-in year (ADR 0032): logins, people, scales only",
    )
    p_up.add_argument(
        "--replicas",
        type=int,
        choices=(1, 2, 3),
        default=None,
        help="processes of every service and worker; above 1 NATS runs as a cluster of 3 (ADR 0028)",
    )
    p_up.set_defaults(func=cmd_up)
    sub.add_parser("down", help="stop every process `up` started").set_defaults(func=cmd_down)
    p_status = sub.add_parser("status", help="health of every component")
    p_status.add_argument("--json", action="store_true")
    p_status.set_defaults(func=cmd_status)
    p_restart = sub.add_parser("restart", help="restart one component (e.g. a service after a code change)")
    p_restart.add_argument("name")
    p_restart.set_defaults(func=cmd_restart)
    p_logs = sub.add_parser("logs", help="show a component's log")
    p_logs.add_argument("name")
    p_logs.add_argument("-n", "--lines", type=int, default=50)
    p_logs.add_argument("-f", "--follow", action="store_true")
    p_logs.set_defaults(func=cmd_logs)
    p_int = sub.add_parser(
        "integrator", help="NATS account, credentials and consumers for an integrator of one tenant"
    )
    p_int.add_argument("tenant", help="the tenant key, e.g. bel")
    p_int.add_argument("name", help="a name for the integration, e.g. payroll")
    p_int.add_argument(
        "--only",
        action="append",
        metavar="SUBJECT",
        help="read only these subjects (repeatable), e.g. hr.bel.salaris.step.>; default: every service",
    )
    p_int.add_argument(
        "--since", metavar="DATE", help="(re)start its consumers from this date: a replay, e.g. 2026-01-01"
    )
    p_int.set_defaults(func=cmd_integrator)
    p_import = sub.add_parser("import", help="import a CSV of people and units into a tenant, with progress")
    p_import.add_argument("file")
    p_import.add_argument("--user", required=True, help="a tenant admin of the dev realm, e.g. bel.beheer")
    p_import.set_defaults(func=cmd_import)
    args = parser.parse_args(argv)
    cfg = StackConfig.from_env(args.state_dir)
    # What `up --replicas` asked for, else what the stack in the state dir was started with.
    replicas = getattr(args, "replicas", None) or stack.recorded_replicas(cfg.state_dir)
    cfg = dataclasses.replace(cfg, replicas=replicas)
    return args.func(args, cfg)


if __name__ == "__main__":
    sys.exit(main())
