"""The portfolio page in one read (ADR 0038): what the overview holds is what the separate reads
give (the view and the whole of each list, whose next_cursor continues at the list's own
endpoint), it is audited as they are, it bounds its limit like a list, and it is refused as the
view is (the authorization matrix has the callers; another tenant's caller sees nothing here)."""

from dialoog.testing.pages import every

EMPLOYEE, MANAGER = "bel.medewerker", "bel.leidinggevende"
LISTS = {
    "assessments": "/v1/portfolios/{id}/assessments",
    "decisions": "/v1/portfolios/{id}/decisions",
    "periods": "/v1/portfolios/{id}/periods",
    "catalogue": "/v1/competencies",
}


async def _whole(port, headers, overview: dict, name: str, employee: str) -> list:
    """A list of the overview made whole: its first page, then its own endpoint from the cursor."""
    page = overview[name]
    rest = []
    if page["next_cursor"]:
        rest = await every(port, LISTS[name].format(id=employee) + f"?cursor={page['next_cursor']}", headers)
    return page["items"] + rest


async def _some_content(world) -> str:
    """A decision needed (an agreement with legal consequences, confirmed) and a second
    competency in the catalogue, so that every list has something and a page of one has a next."""
    port, auth, employee = world["port"], world["auth"], world["people"][EMPLOYEE]
    agreement = await port.post(
        f"/v1/portfolios/{employee}/agreements",
        headers=auth(MANAGER),
        json={"kind": "result", "title": "Overzicht: 32 uur", "legal_consequences": True},
    )
    assert agreement.status_code == 201, agreement.text
    confirmed = await port.post(
        f"/v1/agreements/{agreement.json()['id']}/confirm", headers={**auth(EMPLOYEE), "If-Match": '"1"'}
    )
    assert confirmed.status_code == 200, confirmed.text
    for key in ("overzicht_a", "overzicht_b"):
        await port.post("/v1/competencies", json={"key": key, "name": key}, headers=auth("bel.beheer"))
    return employee


async def test_the_overview_holds_what_the_separate_reads_give(world):
    port, auth = world["port"], world["auth"]
    employee = await _some_content(world)
    for reader, path in (
        (EMPLOYEE, "/v1/portfolios/me/overview"),
        (MANAGER, f"/v1/portfolios/{employee}/overview"),
    ):
        headers = auth(reader)
        answer = await port.get(path, headers=headers)
        assert answer.status_code == 200, answer.text
        overview = answer.json()
        view = (await port.get(f"/v1/portfolios/{employee}", headers=headers)).json()
        assert {k: overview[k] for k in view} == view
        for name, list_path in LISTS.items():
            whole = await every(port, list_path.format(id=employee), headers)
            assert overview[name] == {"items": whole, "next_cursor": None}, name
        assert overview["decisions"]["items"], "the needed decision is listed"


async def test_a_list_longer_than_the_limit_continues_at_its_own_endpoint(world):
    port, auth = world["port"], world["auth"]
    employee = await _some_content(world)
    headers = auth(EMPLOYEE)
    overview = (await port.get(f"/v1/portfolios/{employee}/overview?limit=1", headers=headers)).json()
    catalogue = await every(port, "/v1/competencies", headers)
    assert len(catalogue) > 1
    assert len(overview["catalogue"]["items"]) == 1 and overview["catalogue"]["next_cursor"]
    assert await _whole(port, headers, overview, "catalogue", employee) == catalogue
    for name in ("assessments", "decisions", "periods"):
        assert len(overview[name]["items"]) <= 1
        whole = await every(port, LISTS[name].format(id=employee), headers)
        assert await _whole(port, headers, overview, name, employee) == whole, name


async def test_an_earlier_period_has_its_overview_and_a_stranger_period_is_not_found(world):
    port, auth = world["port"], world["auth"]
    employee = world["people"][EMPLOYEE]
    headers = auth(EMPLOYEE)
    period = (await port.get(f"/v1/portfolios/{employee}", headers=headers)).json()["period"]
    overview = await port.get(f"/v1/portfolios/{employee}/periods/{period['id']}/overview", headers=headers)
    assert overview.status_code == 200, overview.text
    assert overview.json()["period"]["id"] == period["id"]
    manager = world["people"][MANAGER]
    theirs = await port.get(
        f"/v1/portfolios/{manager}/periods/{period['id']}/overview", headers=auth("bel.hr")
    )
    assert theirs.status_code == 404
    assert theirs.headers["content-type"].startswith("application/problem+json")


async def test_the_overview_is_audited_as_the_reads_it_stands_for(world):
    port, auth = world["port"], world["auth"]
    employee = world["people"][EMPLOYEE]
    before = {e["seq"] for e in await every(port, f"/v1/audit?actor={MANAGER}", auth("bel.hr"))}
    assert (await port.get(f"/v1/portfolios/{employee}/overview", headers=auth(MANAGER))).status_code == 200
    new = [
        e for e in await every(port, f"/v1/audit?actor={MANAGER}", auth("bel.hr")) if e["seq"] not in before
    ]
    assert sorted((e["action"], e["object_type"], e["object_id"]) for e in new) == [
        ("read", "assessments", employee),
        ("read", "decisions", employee),
        ("read", "portfolio", employee),
    ]


async def test_a_limit_out_of_bounds_is_a_wrong_shape(world):
    port, auth = world["port"], world["auth"]
    for limit in (0, 201, "veel"):
        answer = await port.get(f"/v1/portfolios/me/overview?limit={limit}", headers=auth(EMPLOYEE))
        assert answer.status_code == 422, (limit, answer.text)
        assert answer.json()["code"] == "validation"
