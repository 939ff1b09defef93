"""A 405 names every method its path supports in `Allow` (RFC 9110 15.5.6), on every service
(in-process apps on real PostgreSQL, NATS and Keycloak): also where a path is served by several routes, and where a literal path sits beside a template
(`/v1/salary/scales/import` beside `/v1/salary/scales/{name}`)."""

import re

import pytest

SERVICES = ("organisatie", "portfolio", "feedback", "salaris", "notificaties", "portal")

# (service, a concrete path, a method it does not take, what `Allow` must say)
CASES = [
    ("organisatie", "/v1/org-units", "OPTIONS", "GET, POST"),
    ("organisatie", "/v1/org-units", "DELETE", "GET, POST"),
    ("organisatie", "/v1/org-units/7d8a5b3e-1f0c-4a55-9d41-3c2b1e0f9a77", "PUT", "GET, PATCH"),
    ("organisatie", "/v1/people/me", "POST", "GET"),
    ("organisatie", "/v1/people/me", "PATCH", "GET"),  # not PATCH /v1/people/{person_id}
    ("organisatie", "/v1/tenants", "DELETE", "GET, POST"),
    ("portfolio", "/v1/competencies", "DELETE", "GET, POST"),
    ("portfolio", "/v1/portfolios/me", "OPTIONS", "GET"),
    ("salaris", "/v1/salary/scales/import", "GET", "POST"),
    ("salaris", "/v1/salary/scales/import", "OPTIONS", "POST"),
    ("salaris", "/v1/salary/scales/import", "PUT", "POST"),  # not a scale named "import"
    ("salaris", "/v1/salary/scales/A1", "POST", "PUT"),
    ("salaris", "/v1/salary/settings", "PUT", "GET, PATCH"),
    ("salaris", "/v1/salary/rounds", "DELETE", "GET, POST"),
    ("feedback", "/healthz", "POST", "GET"),
    ("notificaties", "/readyz", "DELETE", "GET"),
    ("portal", "/healthz", "PUT", "GET"),
]


@pytest.mark.parametrize(("service", "path", "method", "allow"), CASES)
async def test_a_405_lists_every_method_of_the_path(service_client, service, path, method, allow):
    async with service_client(service) as client:
        response = await client.request(method, path)
    assert response.status_code == 405, response.text
    assert response.headers["allow"] == allow


@pytest.mark.parametrize("service", SERVICES)
async def test_allow_names_exactly_the_documented_methods_of_every_path(service_client, service):
    """For every path of the service's OpenAPI: a method it lacks is a 405 whose `Allow` lists
    exactly the methods documented for the path."""
    async with service_client(service) as client:
        paths = (await client.get("/openapi.json")).json()["paths"]
        assert paths
        for template, operations in paths.items():
            documented = {m.upper() for m in operations if m != "parameters"}
            response = await client.request("TRACE", _concrete(template, operations))
            assert response.status_code == 405, (template, response.status_code)
            assert set(response.headers["allow"].split(", ")) == documented, template


def _concrete(template: str, operations: dict) -> str:
    """A request path for a path template: a number for an integer parameter, else a UUID (which
    also fits every name pattern here)."""
    kinds = {
        p["name"]: p.get("schema", {}).get("type")
        for op in operations.values()
        if isinstance(op, dict)
        for p in op.get("parameters", [])
        if p.get("in") == "path"
    }

    def value(match: re.Match[str]) -> str:
        return "2026" if kinds.get(match.group(1)) == "integer" else "7d8a5b3e-1f0c-4a55-9d41-3c2b1e0f9a77"

    return re.sub(r"\{([^}]+)\}", value, template)
