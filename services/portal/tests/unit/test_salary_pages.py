"""The salary pages' small rules: which navigation entry is current, and where a service's field
errors are shown."""

import httpx

from dialoog.portal.web.render import current_item, navigation
from dialoog.portal.web.salary_pages import _errors
from dialoog.portal.web.services import ServiceError


def test_the_longest_matching_entry_is_current():
    items = navigation(["employee", "manager", "hr_advisor"], lambda text: text)
    assert current_item(items, "/team/salaris/123") == "/team/salaris"
    assert current_item(items, "/team") == "/team"
    assert current_item(items, "/salaris") == "/salaris"
    assert current_item(items, "/hr/salaris/bezwaren") == "/hr/salaris"
    assert current_item(items, "/") == "/"


def test_navigation_per_role():
    def hrefs(roles):
        return [href for href, _ in navigation(roles, lambda text: text)]

    assert "/salaris" in hrefs(["employee"]) and "/team/salaris" not in hrefs(["employee"])
    assert "/team/salaris" in hrefs(["manager"]) and "/hr/salaris" not in hrefs(["manager"])
    assert "/hr/salaris" in hrefs(["hr_advisor"])


def test_motivation_errors_land_at_their_field():
    problem = {
        "code": "motivation",
        "detail": "…",
        "errors": [
            {"field": "body.motivation.results", "reason": "Resultaatafspraken: te algemeen."},
            {"field": "body.deviation_reason", "reason": "leg uit waarom"},
            {"field": "body", "reason": "de bezwaartermijn is verstreken"},
            {"field": "body.reminder_days.0", "reason": "te groot"},
        ],
    }
    errors = _errors(ServiceError(httpx.Response(422, json=problem)))
    assert errors == {
        "motivation.results": "Resultaatafspraken: te algemeen.",
        "deviation_reason": "leg uit waarom",
        "form": "de bezwaartermijn is verstreken",
        "reminder_days": "te groot",
    }


def test_a_problem_without_fields_shows_its_detail():
    problem = {
        "code": "decisions-open",
        "title": "Er staan nog besluiten open",
        "detail": "Nog 3 besluit(en)",
    }
    assert _errors(ServiceError(httpx.Response(409, json=problem))) == {"form": "Nog 3 besluit(en)"}
