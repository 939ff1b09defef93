"""The rules table: every rule names a registered event type, has a template in both languages,
a portal link, and the formal notices are the ones ADR 0025 names."""

import uuid

import pytest

from dialoog.contracts.registry import REGISTRY
from dialoog.notificaties.domain.rules import ALWAYS_SENT, CATEGORIES, RULES, link_of, params_of, subjects_of
from dialoog.notificaties.templates.render import title_and_body
from dialoog.notificaties.templates.texts import TEXTS


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.kind)
def test_each_rule_is_a_registered_event_with_a_template_in_both_languages_and_a_portal_link(rule):
    assert rule.event_type in REGISTRY
    assert rule.category in CATEGORIES
    assert set(TEXTS[rule.kind]) == {"nl", "en"}
    assert rule.link.startswith("/")
    fields = REGISTRY[rule.event_type].payload.model_fields
    assert set(rule.params) <= set(fields), "a template may show only the payload's fields"


def test_the_formal_notices_and_the_platform_notice_are_always_sent():
    assert ALWAYS_SENT == (
        "notificaties.reminder.objection_term_portfolio",  # the end of the legal term (ADR 0030)
        "notificaties.reminder.objection_term_salaris",
        "notificaties.webhook.disabled",
        "portfolio.assessment.established",
        "portfolio.decision.established",
        "salaris.letter.issued",
    )


def test_the_issue_s_events_each_have_a_rule_with_the_right_audience_and_category():
    by_kind = {r.kind: r for r in RULES.values()}
    assert by_kind["salaris.round.tasks_assigned"].audience == ("manager",)
    assert by_kind["salaris.round.tasks_assigned"].category == "task"
    assert by_kind["salaris.round.reminder_due"].category == "reminder"
    assert by_kind["salaris.round.escalated"].audience == ("hr",)
    assert by_kind["salaris.letter.issued"].audience == ("employee",)
    assert by_kind["feedback.request.created"].audience == ("colleagues",)
    assert by_kind["feedback.request.answered"].audience == ("requester",)
    assert by_kind["notificaties.webhook.disabled"].audience == ("tenant_admins",)


def test_a_link_is_filled_from_the_payload_and_params_carry_only_what_the_rule_names():
    rule = RULES["nl.dialoog.feedback.request.answered.v1"]
    request_id = str(uuid.uuid4())
    data = {"request_id": request_id, "requester_id": "x", "answered": 3, "extra": "y"}
    assert link_of(rule, data) == f"/feedback/{request_id}"
    assert params_of(rule, data) == {"answered": 3}


def test_a_manager_is_sent_to_her_employees_portfolio_the_employee_to_her_own():
    rule = RULES["nl.dialoog.portfolio.agreement.confirmed.v1"]
    employee = str(uuid.uuid4())
    data = {"agreement_id": str(uuid.uuid4()), "employee_id": employee}
    assert link_of(rule, data, "employee") == "/portfolio"
    assert link_of(rule, data, "manager") == f"/portfolio/{employee}"


def test_each_consumer_asks_only_for_its_own_stream_s_subjects():
    assert "hr.*.salaris.round.tasks_assigned" in subjects_of("salaris")
    assert all(s.startswith("hr.*.feedback.") for s in subjects_of("feedback"))


def test_texts_are_dutch_by_default_with_dates_as_the_dutch_write_them():
    title, body = title_and_body(
        "salaris.letter.issued", {"objection_deadline": "2027-02-12"}, None, "BEL Combinatie"
    )
    assert title == "Er staat een salarisbesluit voor u klaar"
    assert "12-02-2027" in body
    title, body = title_and_body("salaris.letter.issued", {"objection_deadline": "2027-02-12"}, "en", None)
    assert title == "A salary decision is ready for you" and "2027-02-12" in body


def test_a_missing_parameter_never_breaks_a_text():
    _, body = title_and_body("salaris.round.tasks_assigned", {}, "nl", None)
    assert "…" in body
