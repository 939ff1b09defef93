"""Every portfolio endpoint against every kind of caller, as DOMAIN.md says: the employee herself,
her manager, HR of her tenant, the tenant admin (a colleague without a relation), and people of
another tenant. No relation is a 404; a relation without the right is a 403. Endpoints on one object
(a decision, an attachment) get a fresh one per case."""

import string
import uuid

import pytest

from dialoog.testing.pages import every

EMPLOYEE = "bel.medewerker"
PDF = b"%PDF-1.4\n%%EOF\n"
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
    ("GET", "/v1/portfolios/{id}/periods", None): {
        "self": 200,
        "manager": 200,
        "hr": 200,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("GET", "/v1/portfolios/{id}/periods/{period}", None): {
        "self": 200,
        "manager": 200,
        "hr": 200,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("GET", "/v1/portfolios/{id}/overview", None): {
        "self": 200,
        "manager": 200,
        "hr": 200,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("GET", "/v1/portfolios/{id}/open", None): {
        "self": 200,
        "manager": 200,
        "hr": 200,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("GET", "/v1/portfolios/{id}/periods/{period}/overview", None): {
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
    ("GET", "/v1/portfolios/{id}/decisions", None): {
        "self": 200,
        "manager": 200,
        "hr": 200,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("POST", "/v1/decisions/{needed_decision}/establish", "decision"): {
        "self": 403,
        "manager": 200,
        "hr": 200,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("GET", "/v1/decisions/{established_decision}/letter", None): {
        "self": 200,
        "manager": 200,
        "hr": 200,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("POST", "/v1/decisions/{established_decision}/objections", "objection"): {
        "self": 201,
        "manager": 403,
        "hr": 403,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("GET", "/v1/competencies", None): {
        "self": 200,
        "manager": 200,
        "hr": 200,
        "colleague": 200,
        "other_manager": 200,
        "other_hr": 200,
    },
    ("POST", "/v1/competencies", "competency"): {
        "self": 403,
        "manager": 403,
        "hr": 403,
        "colleague": 201,  # the tenant admin keeps the catalogue
        "other_manager": 403,
        "other_hr": 403,
    },
    ("PATCH", "/v1/competencies/{competency}", "competency_patch"): {
        "self": 403,
        "manager": 403,
        "hr": 403,
        "colleague": 200,
        "other_manager": 403,
        "other_hr": 403,
    },
    ("POST", "/v1/portfolios/{id}/competencies", "choose"): {
        "self": 201,
        "manager": 201,
        "hr": 403,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("POST", "/v1/portfolios/{id}/attachments", "file"): {
        "self": 201,
        "manager": 201,
        "hr": 403,
        "colleague": 404,
        "other_manager": 404,
        "other_hr": 404,
    },
    ("GET", "/v1/attachments/{attachment}", None): {
        "self": 200,
        "manager": 200,
        "hr": 200,
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
    ("GET", "/v1/objections", None): {
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
    ("GET", "/v1/dashboard/totals", None): {
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
        "decision": {"decision": "36 uur per week", "motivation": f"Matrix {caller}"},
        "objection": {"grounds": f"Bezwaar {caller}"},
        "competency": {"key": f"matrix_{uuid.uuid4().hex[:8]}", "name": f"Matrix {caller}"},
        "competency_patch": {"name": f"Matrix {caller}"},
        "file": None,
        "choose": {"competency": f"matrix_{uuid.uuid4().hex[:8]}", "note": f"Matrix {caller}"},
    }[kind]


async def make(world, name: str) -> str:
    """A fresh object of the employee for an endpoint's path, made by her and her manager."""
    port, auth = world["port"], world["auth"]
    employee = world["people"][EMPLOYEE]
    if name in ("needed_decision", "established_decision"):
        agreement = (
            await port.post(
                f"/v1/portfolios/{employee}/agreements",
                headers=auth("bel.leidinggevende"),
                json={"kind": "result", "title": "Matrix: meer uren", "legal_consequences": True},
            )
        ).json()
        await port.post(
            f"/v1/agreements/{agreement['id']}/confirm", headers={**auth(EMPLOYEE), "If-Match": '"1"'}
        )
        decisions = await every(port, f"/v1/portfolios/{employee}/decisions", auth(EMPLOYEE))
        decision = next(d["id"] for d in decisions if d["agreement_id"] == agreement["id"])
        if name == "established_decision":
            done = await port.post(
                f"/v1/decisions/{decision}/establish",
                json=body("decision", "manager"),
                headers={**auth("bel.leidinggevende"), "If-Match": '"1"'},
            )
            assert done.status_code == 200, done.text
        return decision
    if name == "period":  # the one covering today
        view = await port.get(f"/v1/portfolios/{employee}", headers=auth(EMPLOYEE))
        return view.json()["period"]["id"]
    if name == "attachment":
        uploaded = await port.post(
            f"/v1/portfolios/{employee}/attachments", content=PDF, headers=auth(EMPLOYEE)
        )
        return uploaded.json()["id"]
    if name == "competency":
        created = await port.post(
            "/v1/competencies", json=body("competency", "x"), headers=auth("bel.beheer")
        )
        return created.json()["id"]
    raise KeyError(name)


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize("endpoint", list(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_authorization_matrix(world, endpoint, caller):
    method, path, kind = endpoint
    names = [n for _, n, _, _ in string.Formatter().parse(path) if n and n != "id"]
    url = path.format(id=world["people"][EMPLOYEE], **{n: await make(world, n) for n in names})
    payload = body(kind, caller)
    if kind == "choose":  # the competency is in the catalogue
        await world["port"].post(
            "/v1/competencies",
            json={"key": payload["competency"], "name": "Matrix"},
            headers=world["auth"]("bel.beheer"),
        )
    headers = {**world["auth"](CALLERS[caller]), "If-Match": '"1"'}  # each object is fresh: version 1
    if kind == "file":
        response = await world["port"].request(method, url, content=PDF, headers=headers)
    else:
        response = await world["port"].request(method, url, json=payload, headers=headers)
    assert response.status_code == MATRIX[endpoint][caller], (method, url, caller, response.text[:200])
