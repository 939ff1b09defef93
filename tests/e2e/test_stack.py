"""The running stack, as a newcomer and an operator see it: `dialoog` CLI and the service processes."""

import json
import os
import socket
import subprocess
import sys

import httpx
import pytest

from dialoog.devstack.config import SERVICES

pytestmark = pytest.mark.e2e


def dialoog(cfg, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "dialoog.devstack.cli", "--state-dir", str(cfg.state_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_status_json_lists_every_component_healthy(dialoog_stack):
    result = dialoog(dialoog_stack, "status", "--json")
    rows = json.loads(result.stdout)
    everything = {
        "postgres",
        "nats",
        "temporal",
        "smtp",
        "keycloak",
        *SERVICES,
        "salaris-worker",
        "feedback-worker",
        "notificaties-worker",
    }
    assert {r["name"] for r in rows} == everything
    for row in rows:
        assert set(row) == {"name", "url", "pid", "healthy"}
        assert isinstance(row["pid"], int) and row["healthy"] is True, row
    assert result.returncode == 0


def test_second_up_is_a_no_op_that_says_so(dialoog_stack):
    before = {r["name"]: r["pid"] for r in json.loads(dialoog(dialoog_stack, "status", "--json").stdout)}
    result = dialoog(dialoog_stack, "up")
    assert result.returncode == 0
    assert "already running" in result.stdout
    after = {r["name"]: r["pid"] for r in json.loads(dialoog(dialoog_stack, "status", "--json").stdout)}
    assert after == before


def test_a_port_taken_by_another_program_is_named_with_the_fix(dialoog_stack, tmp_path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        result = dialoog(
            type("Cfg", (), {"state_dir": tmp_path / "other"}),
            "up",
            env={"DIALOOG_PORT_POSTGRES": str(port)},
        )
    assert result.returncode == 2
    assert f"port {port} (postgres)" in result.stderr
    assert "DIALOOG_PORT_POSTGRES=<port>" in result.stderr


def test_logs_shows_a_components_log(dialoog_stack):
    result = dialoog(dialoog_stack, "logs", "keycloak", "-n", "5")
    assert result.returncode == 0 and result.stdout.strip()
    assert dialoog(dialoog_stack, "logs", "nope").returncode == 2


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_process_is_healthy_ready_and_documented(dialoog_stack, service):
    base = dialoog_stack.service_url(service)
    assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{base}/readyz").json()
    assert ready["checks"] == {"database": "ok", "nats": "ok", "identity": "ok"}
    spec = httpx.get(f"{base}/openapi.json").json()
    assert spec["info"]["title"].lower().endswith(service)
    assert "/readyz" in spec["paths"]


def test_the_organisatie_process_accepts_a_real_token_and_refuses_none(dialoog_stack, keycloak_token):
    url = f"{dialoog_stack.service_url('organisatie')}/v1/org-units"
    ok = httpx.get(url, headers={"Authorization": f"Bearer {keycloak_token('heemstede.hr')}"})
    assert ok.status_code == 200
    refused = httpx.get(url)
    assert refused.status_code == 401 and refused.headers["content-type"] == "application/problem+json"


def test_integrator_credentials_from_the_cli_read_only_their_tenant(dialoog_stack):
    import asyncio

    import nats

    from dialoog.contracts.sdk import open_consumer

    result = dialoog(dialoog_stack, "integrator", "rijk", "salarisadministratie")
    assert result.returncode == 0, result.stderr
    creds = json.loads(result.stdout)
    assert creds["subjects"] == "hr.rijk.>" and creds["consumer"] == "int_rijk_salarisadministratie"
    assert "SALARIS" in creds["streams"] and creds["api_prefix"] == "$JS.DIALOOG.API"
    assert dialoog(dialoog_stack, "integrator", "Rijk!", "x").returncode == 2
    assert dialoog(dialoog_stack, "integrator", "rijk", "x", "--only", "hr.bel.salaris.>").returncode == 2

    async def probe():
        nc = await nats.connect(
            creds["url"],
            user=creds["user"],
            password=creds["password"],
            inbox_prefix=creds["inbox_prefix"],
            allow_reconnect=False,
        )
        services = await nats.connect(dialoog_stack.nats_url)
        seen = []

        async def on_message(msg):
            seen.append(msg.subject)

        try:
            # The consumer the CLI made is there for the SDK to bind to.
            js = nc.jetstream(prefix=creds["api_prefix"], timeout=5)
            await open_consumer(js, tenant="rijk", service="salaris", consumer=creds["consumer"])
            # Live events: its own tenant's reach it, another tenant's do not exist in its account.
            await nc.subscribe("hr.rijk.probe.>", cb=on_message)
            await nc.subscribe("hr.bel.>", cb=on_message)
            await nc.flush()
            await services.publish("hr.bel.probe.cli", b"{}")
            await services.publish("hr.rijk.probe.cli", b"{}")
            await services.flush()
            await asyncio.sleep(0.3)
        finally:
            await nc.close()
            await services.close()
        return seen

    assert asyncio.run(probe()) == ["hr.rijk.probe.cli"]


def test_the_cli_imports_a_csv_with_progress_and_reports_bad_lines(dialoog_stack, tmp_path):
    import uuid

    t = uuid.uuid4().hex[:6]
    csv = tmp_path / "mensen.csv"
    csv.write_text(
        "employee_number,first_name,last_name,email,unit,manager_employee_number\n"
        f"{t}-1,Ab,Cd,ab.{t}@example.org,Team Import,\n"
        f"{t}-2,Ef,,ef.{t}@example.org,Team Import,{t}-1\n"
    )
    result = dialoog(dialoog_stack, "import", str(csv), "--user", "rijk.beheer")
    assert result.returncode == 1, result.stderr
    assert "100%" in result.stderr
    assert "done: 1 created" in result.stdout
    assert "line 3: last_name: is required" in result.stdout


def test_the_portal_sends_its_security_headers_and_a_guarded_session_cookie(dialoog_stack):
    portal = dialoog_stack.service_url("portal")
    landing = httpx.get(portal + "/", timeout=30)
    assert landing.status_code == 200
    assert landing.headers["x-content-type-options"] == "nosniff"
    assert landing.headers["x-frame-options"] == "DENY"
    assert landing.headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'none'" in landing.headers["content-security-policy"]
    css = httpx.get(portal + "/static/portal.css", timeout=30)
    assert css.status_code == 200 and css.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in css.headers  # a policy is for HTML pages
    login = httpx.get(portal + "/auth/login", timeout=30)  # the login's state goes into a new session
    assert login.status_code == 303
    cookie = login.headers["set-cookie"].lower()
    assert cookie.startswith("dialoog_session=")
    assert all(part in cookie for part in ("httponly", "secure", "samesite=lax", "path=/"))
    # The session is kept on the server: with its cookie back, a second login goes on in the same one.
    sid = login.cookies["dialoog_session"]
    again = httpx.get(portal + "/auth/login", cookies={"dialoog_session": sid}, timeout=30)
    assert again.status_code == 303 and again.cookies["dialoog_session"] == sid
