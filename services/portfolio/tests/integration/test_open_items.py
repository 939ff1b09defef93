"""What is open for an employee (ADR 0038, the home's read): what the summary lists is what the
whole view shows (agreements she has not confirmed, concluded talks without a reaction, talks held
per type, the next talk the cycle expects), an item is gone once done, and it is audited as a read
of the portfolio. Who may ask is in the authorization matrix.

The employee is Lotte, whose period no other file of this folder touches: a four_levels period has
one evaluation talk (test_portfolio_rules holds Sanne's), and test_competencies locks Ruben's period;
the files share one database when they run on one worker, in any order."""

import pytest

from dialoog.testing.pages import every

EMPLOYEE, MANAGER = "lotte.nieuw.rijk", "rijk.leidinggevende"


@pytest.fixture
def as_employee(local_signer) -> dict:
    """Lotte has no password in the demo realm; a token signed by the realm's test key instead."""
    claims = local_signer.claims(
        email=f"{EMPLOYEE}@demo.dialoog.example",
        organization=["rijk"],
        realm_access={"roles": ["employee"]},
        preferred_username=EMPLOYEE,
    )
    return {"Authorization": f"Bearer {local_signer.sign(claims)}"}


def _from_view(view: dict) -> dict:
    """The summary as the portal worked it out from the whole view before (domain/next_steps.py)."""
    held: dict[str, int] = {}
    for t in view["talks"]:
        held[t["type"]] = held.get(t["type"], 0) + 1
    reacted = {r["talk_id"] for r in view["reactions"]}
    expected = next(
        (t for t in view["cycle"]["talk_types"] if held.get(t["key"], 0) < t["per_period"]["min"]), None
    )
    return {
        "employee_id": view["employee_id"],
        "period": {k: view["period"][k] for k in ("id", "status", "starts_on", "ends_on")},
        "employee_may_react": view["cycle"]["employee_may_react"],
        "agreements_to_confirm": [
            {"id": a["id"], "title": a["title"]} for a in view["agreements"] if not a["confirmed_by_employee"]
        ],
        "talks_to_react_to": [
            {"id": t["id"], "type": t["type"], "held_on": t["held_on"]}
            for t in view["talks"]
            if t["conclusion"] and t["id"] not in reacted
        ],
        "talks_held": held,
        "expected_talk": None
        if expected is None
        else {"key": expected["key"], "label": expected["label"], "recorded_by": expected["recorded_by"]},
    }


async def _open(port, headers) -> dict:
    answer = await port.get("/v1/portfolios/me/open", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_what_is_open_is_what_the_view_shows_and_goes_once_done(world, as_employee):
    port, auth = world["port"], world["auth"]
    employee, mine, manager = world["people"][EMPLOYEE], as_employee, auth(MANAGER)
    agreement = await port.post(
        f"/v1/portfolios/{employee}/agreements",
        headers=manager,
        json={"kind": "result", "title": "Open: dossiers op orde"},
    )
    assert agreement.status_code == 201, agreement.text
    talk = await port.post(
        f"/v1/portfolios/{employee}/talks",
        headers=manager,
        json={"type": "evaluation_talk", "initiated_by": "manager", "conclusion": "+", "reward_advice": "+"},
    )
    assert talk.status_code == 201, talk.text

    summary = await _open(port, mine)
    view = (await port.get("/v1/portfolios/me", headers=mine)).json()
    assert summary == _from_view(view)
    assert {"id": agreement.json()["id"], "title": "Open: dossiers op orde"} in summary[
        "agreements_to_confirm"
    ]
    assert talk.json()["id"] in [t["id"] for t in summary["talks_to_react_to"]]
    assert summary["talks_held"]["evaluation_talk"] >= 1
    by_manager = (await port.get(f"/v1/portfolios/{employee}/open", headers=manager)).json()
    assert by_manager == summary

    confirmed = await port.post(
        f"/v1/agreements/{agreement.json()['id']}/confirm", headers={**mine, "If-Match": '"1"'}
    )
    assert confirmed.status_code == 200, confirmed.text
    reaction = await port.post(
        f"/v1/portfolios/{employee}/reactions",
        headers=mine,
        json={"text": "Eens.", "talk_id": talk.json()["id"]},
    )
    assert reaction.status_code == 201, reaction.text
    after = await _open(port, mine)
    assert agreement.json()["id"] not in [a["id"] for a in after["agreements_to_confirm"]]
    assert talk.json()["id"] not in [t["id"] for t in after["talks_to_react_to"]]
    assert after == _from_view((await port.get("/v1/portfolios/me", headers=mine)).json())


async def test_it_is_audited_as_a_read_of_the_portfolio(world, as_employee):
    port, auth = world["port"], world["auth"]
    employee = world["people"][EMPLOYEE]
    trail = f"/v1/audit?actor={EMPLOYEE}"
    before = {e["seq"] for e in await every(port, trail, auth("rijk.hr"))}
    await _open(port, as_employee)
    new = [e for e in await every(port, trail, auth("rijk.hr")) if e["seq"] not in before]
    assert [(e["action"], e["object_type"], e["object_id"]) for e in new] == [("read", "portfolio", employee)]
