"""One schemathesis run (its Python engine, every phase and every check, as `st run --checks all`)
against one service process of the running stack with one user's real Keycloak token, and what
it found, deduplicated: one finding per (check, operation, status, problem code)."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import schemathesis
from schemathesis.checks import CHECKS
from schemathesis.engine import events, from_schema

# Schema-valid input may still break a rule that JSON Schema cannot say (a date before today, a
# step past the end of the scale, a state that does not allow the change): such answers are 409,
# 412 (a stale If-Match, which a generator cannot know) or a 422 with the rule's own problem code.
# Only a 422 `validation` problem (the edge's own schema check refusing what its OpenAPI allows)
# is a true positive_data_acceptance failure: schemathesis reports every 422, and `_record` sets
# those with another problem code aside as rule rejections (counted, not failed).
# 428: the scale PUT takes If-Match or If-None-Match: *, so neither is required on its own.
POSITIVE_EXPECTED = ["2xx", "3xx", "401", "403", "404", "409", "412", "428", "429"]
# Schema-invalid input must be refused: 400 (malformed), 401/403 (refused before validation), 404
# (an id of the wrong form names nothing), 405, 406, 409, 412 (the If-Match precondition is checked
# before the body, and a generated version is stale), 413 (body limit), 415, 422, 428.
# 5xx is listed so that a server error counts once, under not_a_server_error.
NEGATIVE_EXPECTED = [
    "400",
    "401",
    "403",
    "404",
    "405",
    "406",
    "409",
    "412",
    "413",
    "415",
    "422",
    "428",
    "5xx",
]


@dataclass(frozen=True)
class Finding:
    check: str
    operation: str
    status: int | None
    code: str | None  # the problem+json `code`, if any
    title: str
    example: str  # method, URI and a shortened body
    response: str  # status and a shortened body


@dataclass
class RunResult:
    service: str
    role: str
    operations: int
    cases: Counter = field(default_factory=Counter)  # per phase
    findings: dict[tuple[str, str, int | None, str | None], Finding] = field(default_factory=dict)
    hits: Counter = field(default_factory=Counter)  # how many cases each finding was seen on
    rule_rejections: Counter = field(default_factory=Counter)  # (operation, problem code) -> cases
    statuses: Counter = field(default_factory=Counter)  # status class ("2xx", "4xx", "401") -> responses
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    checks: tuple[str, ...] = ()

    def summary(self) -> str:
        phases = ", ".join(f"{phase} {n}" for phase, n in self.cases.items())
        answers = ", ".join(f"{status} {n}" for status, n in sorted(self.statuses.items()))
        return (
            f"fuzz {self.service} as {self.role}: {self.operations} operations, "
            f"{sum(self.cases.values())} cases ({phases}), answers ({answers}), "
            f"{len(self.findings)} distinct findings, "
            f"{sum(self.rule_rejections.values())} valid inputs refused by a business rule, "
            f"{len(self.errors)} errors, {self.seconds:.0f}s"
        )


def _short(data: bytes | str | None, limit: int = 300) -> str:
    if not data:
        return ""
    text = data.decode("utf-8", "backslashreplace") if isinstance(data, bytes) else data
    return text if len(text) <= limit else text[:limit] + "…"


def _problem_code(body: bytes | None) -> str | None:
    try:
        value = json.loads(body or b"")
    except ValueError:
        return None
    return value.get("code") if isinstance(value, dict) else None


def configuration(*, seed: int, examples: int, primary: bool) -> schemathesis.Config:
    """Every check on. The primary role runs every phase in both generation modes; the other
    roles run schema-valid input only: schema-invalid input is refused by validation before a
    handler looks at the caller's roles, so it answers the same for every role of the tenant
    (and the undeclared-method probes do not depend on the role either). Nor do the other roles
    run the coverage phase: its boundary values (longest strings, extreme numbers, every enum
    member) reach the same validation and the same handlers as the primary role's, so what
    differs by role (403s, object-level authorization, what a list shows) is found by the
    examples, fuzzing and stateful phases, at about half the cases."""
    positive_only = {"generation": {"mode": "positive"}}
    phases = {}
    if not primary:
        phases = {
            "coverage": {"enabled": False},
            "fuzzing": positive_only,
            "stateful": positive_only,
        }
    return schemathesis.Config.from_dict(
        {
            "seed": seed,
            "request-timeout": 30,
            # The other roles see the same operations with other permissions: half the examples
            # find what differs by role (403s, object-level authorization) in half the time.
            "generation": {
                "max-examples": examples if primary else max(3, examples // 2),
                "deterministic": True,
            },
            "checks": {
                "enabled": True,
                "positive_data_acceptance": {"expected-statuses": POSITIVE_EXPECTED},
                "negative_data_rejection": {"expected-statuses": NEGATIVE_EXPECTED},
                # A write without its required If-Match is refused with 428 (RFC 6585), as documented.
                "missing_required_header": {"expected-statuses": ["400", "401", "403", "404", "422", "428"]},
            },
            "phases": phases,
        }
    )


def run(
    service: str,
    role: str,
    base_url: str,
    token: Callable[[], str],
    *,
    seed: int,
    examples: int,
    primary: bool,
) -> RunResult:
    config = configuration(seed=seed, examples=examples, primary=primary)
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json", config=config)

    class Bearer:
        """A fresh token whenever the cached one is a minute old (tokens live five minutes)."""

        def get(self, case, ctx):
            return token()

        def set(self, case, data, ctx):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    schema.auth(refresh_interval=60)(Bearer)  # registers it; `schema.auth(Bearer)` only wraps a test
    enabled = tuple(
        sorted(name for name in CHECKS.get_all_names() if schema.config.checks.get_by_name(name=name).enabled)
    )
    result = RunResult(service, role, len(list(schema.get_all_operations())), checks=enabled)
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            phase = getattr(event, "phase", None)
            _record(result, event.recorder, phase.value if phase else "fuzz")
        elif isinstance(event, events.NonFatalError):
            result.errors.append(f"{event.label}: {type(event.value).__name__}: {_short(str(event.value))}")
        elif isinstance(event, events.FatalError):
            result.errors.append(f"fatal: {type(event.exception).__name__}: {_short(str(event.exception))}")
        elif isinstance(event, events.EngineFinished):
            for failure in event.failures:
                key = ("run", failure.operation or "", None, None)
                result.findings.setdefault(
                    key, Finding("run", failure.operation or "", None, None, failure.title, "", "")
                )
    result.seconds = time.monotonic() - started
    return result


def _record(result: RunResult, recorder, phase: str) -> None:
    result.cases[phase] += len(recorder.cases)
    for interaction in recorder.interactions.values():
        if interaction.response is not None:
            code = interaction.response.status_code
            result.statuses["401" if code == 401 else f"{code // 100}xx"] += 1
    for case_id, checks in recorder.checks.items():
        interaction = recorder.interactions.get(case_id)
        for check in checks:
            if check.failure_info is None:
                continue
            failure = check.failure_info.failure
            response = interaction.response if interaction else None
            status = response.status_code if response is not None else None
            code = _problem_code(response.content) if response is not None else None
            operation = failure.operation or recorder.label
            if check.name == "positive_data_acceptance" and status == 422 and code != "validation":
                result.rule_rejections[(operation, code)] += 1
                continue
            key = (check.name, operation, status, code)
            result.hits[key] += 1
            if key in result.findings:
                continue
            example = ""
            if interaction is not None:
                request = interaction.request
                example = f"{request.method} {request.uri}"
                if request.body:
                    example += f" body={_short(request.body, 200)}"
            answer = f"{status} {_short(response.content)}" if response is not None else ""
            result.findings[key] = Finding(
                check.name, operation, status, code, failure.title, example, answer
            )
