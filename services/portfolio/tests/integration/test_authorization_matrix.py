"""Every portfolio endpoint against every kind of caller, as DOMAIN.md says: the employee herself,
her manager, HR of her tenant, the tenant admin (a colleague without a relation), and people of
another tenant. No relation is a 404; a relation without the right is a 403."""

import pytest

EMPLOYEE = "bel.medewerker"
CALLERS = {
    "self": "bel.medewerker",
    "manager": "bel.leidinggevende",
    "hr": "bel.hr",
    "colleague": "bel.beheer",
    "other_manager": "heemstede.leidinggevende",
    "other_hr": "rijk.hr",
}

# endpoint -> expected status per caller
MATRIX = {
    ("GET", "/v1/portfolios/{id}", None): {
        "self": 200,
        "manager": 200,
        "hr": 200,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("GET", "/v1/portfolios/{id}/talk-reports", None): {
        "self": 200,
        "manager": 200,
        "hr": 200,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("GET", "/v1/portfolios/{id}/export", None): {
        "self": 200,
        "manager": 403,
        "hr": 200,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("POST", "/v1/portfolios/{id}/agreements", "agreement"): {
        "self": 201,
        "manager": 201,
        "hr": 403,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("POST", "/v1/portfolios/{id}/talks", "talk"): {
        "self": 201,
        "manager": 201,
        "hr": 403,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("POST", "/v1/portfolios/{id}/reactions", "reaction"): {
        "self": 201,
        "manager": 403,
        "hr": 403,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("POST", "/v1/portfolios/{id}/assessments", None): {
        "self": 201,
        "manager": 201,
        "hr": 403,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("GET", "/v1/audit", None): {
        "self": 403,
        "manager": 403,
        "hr": 200,
        "colleague": 403,
        "other_manager": 403,
        "other_hr": 200,
    },
    ("GET", "/v1/dashboard", None): {
        "self": 403,
        "manager": 403,
        "hr": 200,
        "colleague": 403,
        "other_manager": 403,
        "other_hr": 200,
    },
}


def body(kind: str | None, caller: str) -> dict | None:
    initiator = "employee" if caller == "self" else "manager"
    return {
        None: None,
        "agreement": {"kind": "development", "title": f"Matrix {caller}"},
        "talk": {"type": "good_talk", "initiated_by": initiator, "topics": ["d_development"]},
        "reaction": {"text": f"Reactie {caller}"},
    }[kind]


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize("endpoint", list(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_authorization_matrix(world, endpoint, caller):
    method, path, kind = endpoint
    url = path.format(id=world["people"][EMPLOYEE])
    payload = body(kind, caller)
    response = await world["port"].request(method, url, json=payload, headers=world["auth"](CALLERS[caller]))
    assert response.status_code == MATRIX[endpoint][caller], (method, url, caller, response.text[:200])
