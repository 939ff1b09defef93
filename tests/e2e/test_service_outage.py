"""A service of the running stack stopped by its recorded pid and started again, as a user sees it:
the portal shows "Tijdelijk niet beschikbaar" (503, Retry-After) while the service is down, and the
page itself once it is back, without a restart of the portal. (Keycloak: test_keycloak_outage.py.)"""

import pytest
from playwright.sync_api import expect

from dialoog.devstack import stack

from .test_portal_admin import browser, login

pytestmark = pytest.mark.e2e


def test_the_portal_says_temporarily_unavailable_while_portfolio_is_stopped(browser, dialoog_stack):
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    page = browser.new_context(locale="nl-NL").new_page()
    login(page, base, "bel.medewerker")
    assert page.goto(base + "/portfolio").status == 200
    stack.stop_one(dialoog_stack, "portfolio")
    try:
        down = page.goto(base + "/portfolio")
        assert down.status == 503 and down.headers["retry-after"] == "5"
        expect(page.get_by_role("heading", level=1)).to_have_text("Tijdelijk niet beschikbaar")
        expect(page.get_by_role("alert")).to_contain_text("even niet bereikbaar")
        # The home still answers: only its portfolio part says so (ADR 0033).
        assert page.goto(base + "/").status == 200
        expect(page.locator('[data-unavailable="portfolio"]')).to_contain_text("niet beschikbaar")
        expect(page.get_by_role("heading", name="Wat nu voor u")).to_be_visible()
    finally:
        stack.start_one(dialoog_stack, "portfolio")
    back = page.goto(base + "/portfolio")  # the portal was not restarted
    assert back.status == 200
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Tijdelijk niet beschikbaar")
