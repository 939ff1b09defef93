"""What's next (ADR 0033): the pure rules per role, and the home page's rendering of their items,
of an empty part and of a part that was not available."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from dialoog.portal.domain import next_steps as rules
from dialoog.portal.web.i18n import formatters, translations
from dialoog.portal.web.render import templates

TODAY = date(2026, 12, 2)
CYCLE = {
    "employee_may_react": True,
    "talk_types": [
        {"key": "plan_talk", "label": {"nl": "Plangesprek", "en": "Plan talk"}, "recorded_by": ["manager"],
         "per_period": {"min": 1, "max": 1}},
        {"key": "reflect_talk", "label": {"nl": "Reflectie", "en": "Reflection"},
         "recorded_by": ["employee", "manager"], "per_period": {"min": 0}},
        {"key": "evaluation_talk", "label": {"nl": "Evaluatie", "en": "Evaluation"},
         "recorded_by": ["employee", "manager"], "per_period": {"min": 1}},
    ],
}  # fmt: skip


def _view(agreements=(), talks=(), reactions=(), status="open", cycle=CYCLE):
    return {
        "employee_id": "e1",
        "period": {"status": status, "ends_on": "2026-12-31"},
        "cycle": cycle,
        "agreements": list(agreements),
        "talks": list(talks),
        "reactions": list(reactions),
    }


def _kind(item):
    return item.kind


def _kinds(items):
    return [i.kind for i in items]


def test_an_agreement_waits_for_her_until_she_confirmed_it():
    waiting = {"title": "Cursus", "confirmed_by_employee": False}
    items = rules.employee(_view([waiting]), [], [], TODAY)
    item = next(i for i in items if i.kind == "confirm_agreement")
    assert (item.href, item.params) == ("/portfolio#afspraken", {"title": "Cursus"})
    done = rules.employee(_view([{**waiting, "confirmed_by_employee": True}]), [], [], TODAY)
    assert "confirm_agreement" not in _kinds(done)
    locked = rules.employee(_view([waiting], status="locked"), [], [], TODAY)
    assert "confirm_agreement" not in _kinds(locked)


def test_the_next_expected_talk_is_the_first_below_its_minimum_and_links_to_who_records_it():
    items = rules.employee(_view(), [], [], TODAY)
    talk = next(i for i in items if i.kind == "expected_talk")
    assert talk.params["label"]["nl"] == "Plangesprek"
    assert talk.href == "/portfolio"  # only the manager records a plan talk
    assert talk.due == date(2026, 12, 31)
    after_plan = rules.employee(_view(talks=[{"id": "t1", "type": "plan_talk"}]), [], [], TODAY)
    talk = next(i for i in after_plan if i.kind == "expected_talk")
    assert talk.params["label"]["nl"] == "Evaluatie"
    assert talk.href == "/portfolio/e1/gesprek?soort=evaluation_talk"
    all_held = [{"id": "t1", "type": "plan_talk"}, {"id": "t2", "type": "evaluation_talk"}]
    assert "expected_talk" not in _kinds(rules.employee(_view(talks=all_held), [], [], TODAY))


def test_a_reaction_is_suggested_for_a_conclusion_without_one_where_the_cycle_allows_it():
    talk = {"id": "t1", "type": "evaluation_talk", "conclusion": "+", "held_on": "2026-11-20"}
    assert "add_reaction" in _kinds(rules.employee(_view(talks=[talk]), [], [], TODAY))
    reacted = _view(talks=[talk], reactions=[{"talk_id": "t1"}])
    assert "add_reaction" not in _kinds(rules.employee(reacted, [], [], TODAY))
    no_reactions = _view(talks=[talk], cycle={**CYCLE, "employee_may_react": False})
    assert "add_reaction" not in _kinds(rules.employee(no_reactions, [], [], TODAY))


def test_the_homes_read_of_what_is_open_gives_the_items_the_whole_view_gives():
    """The home asks portfolio's `/v1/portfolios/me/open` (ADR 0038), not the view: the same items."""
    talk = {"id": "t1", "type": "plan_talk", "conclusion": "+", "held_on": "2026-11-20"}
    waiting = {"id": "a1", "title": "Cursus", "confirmed_by_employee": False}
    view = _view([waiting], talks=[talk])
    summary = {
        "employee_id": "e1",
        "period": {"id": "p1", "status": "open", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
        "employee_may_react": True,
        "agreements_to_confirm": [{"id": "a1", "title": "Cursus"}],
        "talks_to_react_to": [{"id": "t1", "type": "plan_talk", "held_on": "2026-11-20"}],
        "talks_held": {"plan_talk": 1},
        "expected_talk": {"key": "evaluation_talk", "label": CYCLE["talk_types"][2]["label"],
                          "recorded_by": ["employee", "manager"]},
    }  # fmt: skip
    items = rules.own_open(summary)
    assert _kinds(items) == ["confirm_agreement", "add_reaction", "expected_talk"]
    assert sorted(items, key=_kind) == sorted(rules.employee(view, [], [], TODAY), key=_kind)
    locked = {**summary, "period": {**summary["period"], "status": "locked"}}
    assert _kinds(rules.own_open(locked)) == ["add_reaction"]


def test_feedback_asked_of_her_until_answered_declined_or_closed():
    asked = {"id": "a1", "state": "asked", "request_state": "open", "deadline": "2026-12-10",
             "requester_name": "Sanne"}  # fmt: skip
    (item,) = rules.employee(None, [asked], None, TODAY)
    assert (item.kind, item.href, item.due) == (
        "answer_feedback",
        "/feedback/gevraagd/a1",
        date(2026, 12, 10),
    )
    for gone in ({"state": "answered"}, {"state": "declined"}, {"request_state": "closed"}):
        assert rules.employee(None, [{**asked, **gone}], None, TODAY) == []


def test_a_letter_to_read_until_the_last_day_to_object_or_an_objection():
    letter = {"sent_on": "2026-11-01", "objection_deadline": "2026-12-14"}
    decision = {"letters": [letter], "objections": []}
    (item,) = rules.employee(None, None, [decision], TODAY)
    assert item.kind == "read_letter" and item.due == date(2026, 12, 14)
    assert rules.employee(None, None, [{**decision, "objections": [{"id": "o"}]}], TODAY) == []
    assert rules.employee(None, None, [decision], date(2026, 12, 15)) == []


def test_items_with_a_date_come_first_nearest_first():
    items = rules.by_due(
        [rules.Item("a", "/"), rules.Item("b", "/", due=TODAY), rules.Item("c", "/", due=date(2026, 1, 1))]
    )
    assert _kinds(items) == ["c", "b", "a"]


def test_the_manager_sees_per_report_what_the_cycle_expects_and_what_waits_for_confirmation():
    team = [
        {"employee_id": "e1", "expected": ["plan_talk"], "expected_labels": {"plan_talk": {"nl": "Plangesprek"}},
         "open_agreements": 2},
        {"employee_id": "e2", "expected": [], "expected_labels": {}, "open_agreements": 0},
    ]  # fmt: skip
    items = rules.manager(team, {"e1": "Sanne de Vries"}, None, None)
    assert [(i.kind, i.href) for i in items] == [
        ("team_expected", "/portfolio/e1"),
        ("team_confirm", "/portfolio/e1#afspraken"),
    ]
    assert items[0].params == {"name": "Sanne de Vries", "labels": [{"nl": "Plangesprek"}]}
    assert items[1].params["count"] == 2


def test_salary_decisions_due_before_the_rounds_deadline_only_while_deciding():
    rnd = {"year": 2026, "status": "deciding", "deadline": "2026-12-20"}
    (item,) = rules.manager(None, {}, rnd, 2)
    assert (item.kind, item.params["count"], item.due) == ("salary_decisions", 2, date(2026, 12, 20))
    assert item.params["year"] == 2026 and item.href == "/team/salaris"
    assert rules.manager(None, {}, {**rnd, "status": "approved"}, 2) == []
    assert rules.manager(None, {}, rnd, 0) == []
    assert rules.manager(None, {}, rnd, None) == []  # not a manager in salaris


def test_hr_completion_objections_with_their_legal_deadline_and_the_round():
    completion = {"employees": 15, "with_talk": 9}
    objections = [
        {"status": "received", "filed_on": "2026-11-02"},
        {"status": "upheld", "filed_on": "2026-10-01"},
    ]
    salary = [{"state": "in_progress", "filed_on": "2026-11-30", "employee_name": "Sanne de Vries"}]
    rnd = {"year": 2026, "status": "deciding", "deadline": "2026-12-20"}
    totals = {"decided": 3, "total": 9, "with_hr": 1}
    items = rules.hr(completion, objections, salary, rnd, totals, TODAY)
    by_kind = {}
    for i in items:
        by_kind.setdefault(i.kind, []).append(i)
    assert by_kind["completion"][0].params == {"with_talk": 9, "employees": 15}
    assert [o.href for o in by_kind["objection"]] == ["/hr/bezwaren", "/hr/salaris/bezwaren"]
    assert by_kind["objection"][0].due == date(2026, 12, 14)  # six weeks after 2 November
    assert by_kind["objection"][1].params["name"] == "Sanne de Vries"
    assert by_kind["round_progress"][0].params == {"year": 2026, "decided": 3, "total": 9}
    assert by_kind["round_escalations"][0].params == {"count": 1}
    assert _kinds(
        rules.hr(
            {"employees": 3, "with_talk": 3},
            [],
            [],
            rnd,
            {"decided": 9, "total": 9, "with_hr": 0},
            TODAY,
        )
    ) == ["round_progress"]


def test_hr_is_asked_to_open_the_round_only_in_its_season_and_only_by_salaris_part():
    assert _kinds(rules.hr_salary(None, None, None, TODAY)) == ["open_round"]
    assert rules.hr_salary(None, None, None, date(2026, 5, 1)) == []
    assert rules.hr_portfolio(None, None) == []  # portfolio's part knows nothing of rounds
    assert _kinds(rules.hr(None, None, None, None, None, TODAY)) == ["open_round"]


def test_the_tenant_admin_sees_the_version_in_force_the_next_one_or_a_reminder_and_the_last_import():
    current = {
        "number": 2,
        "effective_from": "2026-01-01",
        "definition": {"label": {"nl": "Het goede gesprek"}},
    }
    versions = [{"number": 1, "effective_from": "2025-01-01"}, {"number": 2, "effective_from": "2026-01-01"}]
    imports = [
        {
            "id": "i1",
            "failed": 0,
            "filename": "mensen.csv",
            "created_at": "2026-11-30T10:00:00+00:00",
            "status": "done",
        }
    ]
    items = rules.tenant_admin(current, versions, imports, TODAY)
    assert _kinds(items) == ["cycle_in_force", "cycle_plan_next", "last_import"]
    assert items[2].href == "/beheer/import/i1"
    planned = [*versions, {"number": 3, "effective_from": "2027-01-01"}]
    items = rules.tenant_admin(current, planned, [{**imports[0], "failed": 2}], TODAY)
    assert _kinds(items) == ["cycle_in_force", "cycle_next", "import_failed"]
    assert items[1].due == date(2027, 1, 1)


def test_the_director_reads_the_reports_recorded_since_she_last_read_them():
    rows = [{"employee_id": "e1", "email": "anouk@x", "unread": 2, "last_held_on": "2026-11-20"}]
    (item,) = rules.director(rows)
    assert (item.kind, item.href) == ("report_to_read", "/verslagen/e1")
    assert item.params == {"who": "anouk@x", "count": 2, "held_on": date(2026, 11, 20)}
    assert rules.director([]) == [] and rules.director(None) == []


def _home(lang: str, next_: dict) -> str:
    gettext = translations(lang).gettext
    return templates.env.get_template("home.html").render(
        {"_": gettext, "lang": lang, "user": {"name": "Sanne"}, "roles": ["employee"], "next": next_,
         "nav": [], "request": SimpleNamespace(url=SimpleNamespace(path="/")), **formatters(lang)}
    )  # fmt: skip


def test_the_home_words_each_item_and_says_which_part_is_not_available():
    next_ = {
        "mine": {
            "items": [rules.Item("confirm_agreement", "/portfolio#afspraken", {"title": "Cursus"})],
            "unavailable": ["feedback"],
        },
        "team": {"items": [], "unavailable": []},
    }
    nl = _home("nl", next_)
    assert 'href="/portfolio#afspraken">Bevestig de afspraak “Cursus”</a>' in nl
    assert "Feedback: niet beschikbaar" in nl
    assert "Niets dat op u wacht." in nl  # the team part answered, with nothing
    en = _home("en", next_)
    assert "Confirm the agreement “Cursus”" in en and "not available" in en
