"""Every link a notification carries opens a page of the portal: each rule's link, for each
audience it names, filled with ids from a payload, matches one of the portal's GET routes (a
notification that pointed at a path the portal does not serve would be a 404 in every mail)."""

import uuid

import pytest
from starlette.routing import Match

from dialoog.notificaties.domain.rules import REMINDER_RULES, RULES, link_of
from dialoog.portal.main import create_app
from dialoog.portal.settings import Settings

ALL = [*RULES.values(), *REMINDER_RULES.values()]  # the events' rules and the reminders' (ADR 0030)

IDS = {
    name: str(uuid.uuid4())
    for name in ("employee_id", "request_id", "decision_id", "round_id", "assessment_id", "agreement_id")
}


@pytest.fixture(scope="module")
def portal_routes():
    return create_app(Settings()).routes


def served(routes, path: str) -> bool:
    """A GET of `path` reaches a route (FULL: path and method match; not the static mount)."""
    scope = {"type": "http", "path": path, "method": "GET", "root_path": "", "headers": []}
    return any(
        route.matches(scope)[0] == Match.FULL for route in routes if getattr(route, "name", "") != "static"
    )


@pytest.mark.parametrize(
    ("kind", "audience"),
    [(rule.kind, audience) for rule in ALL for audience in rule.audience],
)
def test_each_rules_link_for_each_audience_is_a_portal_page(portal_routes, kind, audience):
    rule = next(r for r in ALL if r.kind == kind)
    path = link_of(rule, IDS, audience)
    assert "{" not in path, f"{kind}: a placeholder the payload does not fill: {path}"
    assert served(portal_routes, path), (
        f"{kind} ({audience}) links to {path}, which the portal does not serve"
    )


def test_the_check_would_see_a_path_the_portal_does_not_serve(portal_routes):
    assert not served(portal_routes, "/salaris/ronde")
    assert served(portal_routes, f"/portfolio/{IDS['employee_id']}")
