"""Property-based API tests: schemathesis against the OpenAPI of every service process of the
running stack, with the real Keycloak tokens of four roles, every phase (examples, coverage,
fuzzing, stateful) and every check (`--checks all`). Any server error, undocumented status code,
header or content type, response that breaks its schema, refused valid input or accepted invalid
input fails the test, unless its (service, check) is listed in KNOWN below.

The fuzzer writes only in a tenant made for this module (fuzz_tenant.py): the demo tenants that
the other e2e tests use stay as they are. `make test` runs a modest number of examples per
operation with a fixed seed and derandomised generation (the same cases every run);
`make fuzz` runs many more (DIALOOG_FUZZ_EXAMPLES, DIALOOG_FUZZ_SEED).
"""

from __future__ import annotations

import os

import pytest

from .fuzz_run import RunResult, run
from .fuzz_tenant import FuzzTenant, provision, remove

pytestmark = pytest.mark.e2e

SERVICES = ("organisatie", "portfolio", "salaris", "feedback", "notificaties", "portal")
ROLES = ("tenant_admin", "hr_advisor", "manager", "employee")
# The role that also runs schema-invalid input and undeclared methods (see fuzz_run.configuration).
PRIMARY_ROLE = "tenant_admin"
EXAMPLES = int(os.environ.get("DIALOOG_FUZZ_EXAMPLES", "6"))
SEED = int(os.environ.get("DIALOOG_FUZZ_SEED", "20261201"))

# What the fuzzer is known to find today, by (service, check): the lead empties this as the fixes
# land (issue 11). A listed pair turns that service's failures of that check into an xfail; any
# failure of a pair not listed fails the test. Nothing else is excused anywhere.
KNOWN: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def fuzz_tenant(dialoog_stack) -> FuzzTenant:
    tenant = provision(dialoog_stack)
    yield tenant
    remove(dialoog_stack, tenant)


def _report(result: RunResult, known: bool | None = None) -> str:
    lines = [result.summary(), "checks: " + ", ".join(result.checks)]
    for key, finding in sorted(result.findings.items(), key=lambda kv: (kv[0][0], kv[0][1], str(kv[0][2]))):
        if known is not None and ((result.service, finding.check) in KNOWN) != known:
            continue
        lines.append(
            f"- {finding.check} | {finding.operation} | {finding.title} | {result.hits[key]} cases\n"
            f"    request:  {finding.example}\n    response: {finding.response}"
        )
    if result.rule_rejections and known is None:
        lines.append("valid input refused by a business rule (422 with its own problem code):")
        lines += [f"  {op}: {code} ({n})" for (op, code), n in sorted(result.rule_rejections.items())]
    lines += [f"! {error}" for error in result.errors]
    return "\n".join(lines)


@pytest.mark.timeout(max(900, EXAMPLES * 90))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", SERVICES)
def test_the_api_holds_under_fuzzing(dialoog_stack, keycloak_token, fuzz_tenant, capsys, service, role):
    username = fuzz_tenant.usernames[role]
    result = run(
        service,
        role,
        dialoog_stack.service_url(service),
        lambda: keycloak_token(username),
        seed=SEED,
        examples=EXAMPLES,
        primary=role == PRIMARY_ROLE,
    )
    with capsys.disabled():
        print(f"\n{_report(result)}")
    assert result.operations > 0 and sum(result.cases.values()) >= result.operations, result.summary()
    assert not result.errors, _report(result)
    # The token was sent and accepted: most answers are not 401 (ignored_auth's probes are).
    assert result.statuses["401"] < sum(result.statuses.values()) / 4, result.summary()
    unknown = [f for f in result.findings.values() if (service, f.check) not in KNOWN]
    assert not unknown, _report(result, known=False)
    if result.findings:
        reasons = sorted({KNOWN[(service, f.check)] for f in result.findings.values()})
        pytest.xfail("known (KNOWN in test_api_fuzz.py): " + "; ".join(reasons))
