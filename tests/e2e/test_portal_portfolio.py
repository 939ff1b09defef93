"""A year of the continuous cycle (BEL) in a real browser: the employee writes an agreement and
records her start talk; her manager sees her on the team page, confirms the agreement, records two
good talks and makes the period definitive; afterwards she can only react. axe on every page.

The employee is made for the test (Keycloak user + organisatie import), so the demo stays as it is."""

import time
import uuid
from datetime import date

import httpx
import pytest
from playwright.sync_api import expect

from dialoog.devstack.config import REALM
from dialoog.devstack.realm import admin
from dialoog.devstack.tokens import password_token

from .test_portal_admin import Visit, browser, login  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.e2e


@pytest.fixture
def new_employee(dialoog_stack):
    tag = uuid.uuid4().hex[:6]
    username, email = f"e2e.{tag}", f"e2e.{tag}@demo.dialoog.example"
    kc = admin(dialoog_stack)
    kc.change_current_realm(REALM)
    user_id = kc.create_user(
        {
            "username": username,
            "email": email,
            "emailVerified": True,
            "firstName": "Eva",
            "lastName": f"Test {tag}",
            "enabled": True,
            "credentials": [{"type": "password", "value": "dialoog", "temporary": False}],
        }
    )
    kc.assign_realm_roles(user_id, [kc.get_realm_role("employee")])
    org = next(o for o in kc.get_organizations({"max": 1000}) if o["alias"] == "bel")
    kc.organization_user_add(user_id, org["id"])
    headers = {
        "Authorization": f"Bearer {password_token(dialoog_stack, 'bel.beheer')}",
        "content-type": "text/csv",
    }
    csv = (
        "employee_number;first_name;last_name;email;date_of_birth;unit;manager_employee_number\n"
        f"e2e-{tag};Eva;Test {tag};{email};1972-05-05;Team Publiekszaken;bel-001\n"
    )
    started = httpx.post(
        f"{dialoog_stack.service_url('organisatie')}/v1/imports", content=csv, headers=headers
    )
    assert started.status_code == 202, started.text
    # Wait until portfolio knows her (organisatie's events reach it through NATS).
    token = password_token(dialoog_stack, username)
    for _ in range(100):
        me = httpx.get(
            f"{dialoog_stack.service_url('portfolio')}/v1/portfolios/me",
            headers={"Authorization": f"Bearer {token}"},
        )
        if me.status_code == 200:
            break
        time.sleep(0.2)
    assert me.status_code == 200, me.text
    yield username, f"Eva Test {tag}"
    kc.delete_user(user_id)


def test_a_year_of_good_conversations(browser, dialoog_stack, new_employee):  # noqa: F811
    username, full_name = new_employee
    base = f"http://localhost:{dialoog_stack.port('portal')}"

    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    visit.go("/portfolio")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn portfolio")
    page.fill("#a-title", "Vergunningaanvragen binnen 8 weken afgehandeld")
    page.fill("#a-how", "Zaaksysteem, maandrapportage")
    page.get_by_role("button", name="Afspraak toevoegen").click()
    expect(
        page.get_by_role("rowheader", name="Vergunningaanvragen binnen 8 weken afgehandeld")
    ).to_be_visible()
    visit.check_accessibility()
    page.select_option("#soort", "start_talk")
    page.get_by_role("button", name="Verder").click()
    visit.check_accessibility()
    page.fill("#f-summary", "Waar wil ik dit jaar naartoe?")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("heading", name="Startgesprek", exact=False)).to_be_visible()

    manager = browser.new_context()
    mpage = manager.new_page()
    mvisit = Visit(mpage, base)
    login(mpage, base, "bel.leidinggevende")
    mvisit.go("/team")
    row = mpage.get_by_role("row", name=full_name)
    expect(row).to_contain_text("1")  # one open agreement (not yet confirmed by the manager)
    row.get_by_role("link", name=full_name).click()
    mvisit.check_accessibility()
    mpage.get_by_role("button", name="Bevestigen").click()
    for summary in ("Energie en balans besproken", "Teamdoelen Q3 besproken"):
        mpage.select_option("#soort", "good_talk")
        mpage.get_by_role("button", name="Verder").click()
        # The workload topic (e) is on the agenda by the cycle's rule, so it is pre-checked.
        expect(mpage.locator("#t-e_workload_balance")).to_be_checked()
        mvisit.check_accessibility()
        mpage.fill("#f-summary", summary)
        mpage.get_by_role("button", name="Gesprek vastleggen").click()
    expect(mpage.get_by_role("heading", name="Goed gesprek", exact=False)).to_have_count(2)
    mpage.get_by_role("button", name="Periode definitief maken").click()
    expect(mpage.get_by_text("definitief", exact=True)).to_be_visible()
    mvisit.check_accessibility()
    manager.close()

    visit.go("/portfolio")
    expect(page.get_by_role("button", name="Afspraak toevoegen")).to_have_count(0)
    page.fill("#reactie", "Goed jaar, dank voor de gesprekken.")
    page.get_by_role("button", name="Reactie toevoegen").click()
    expect(page.get_by_text("Goed jaar, dank voor de gesprekken.")).to_be_visible()
    visit.check_accessibility()
    employee.close()
    assert date.today().year >= 2026
