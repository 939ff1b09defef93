"""The portfolio as a timeline (ADR 0034): talks and agreements in time order, each agreement's
state, what each role may still do by the cycle's rules, and the period page and its print view as
rendered from the portfolio service's shapes (Dutch and English)."""

from starlette.requests import Request

from dialoog.contracts.cycle.presets import preset
from dialoog.portal.domain.timeline import agreement_state, entries, still_possible
from dialoog.portal.web.i18n import formatters, translations
from dialoog.portal.web.render import templates


def page(template: str, lang: str = "nl", **context) -> str:
    """A template rendered as the portal renders it, for a signed-in employee."""
    request = Request({"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": []})
    base = {
        "request": request,
        "_": translations(lang).gettext,
        "lang": lang,
        "user": {"name": "Sanne", "tenant_names": {}},
        "roles": ["employee"],
        "tenant": "rijk",
        "tenant_name": "Ministerie",
        "tenants": ["rijk"],
        "csrf_token": "csrf",
        "nav": [],
        "nav_current": None,
        "path": "/",
        **formatters(lang),
    }
    return templates.env.get_template(template).render(**base, **context)


DECISION = {"id": "d1", "agreement_id": "a3", "status": "needed"}


def agreement(id_, created_at, by_employee=False, by_manager=False, **extra):
    return {
        "id": id_,
        "title": f"Afspraak {id_}",
        "kind": "result",
        "about": "content",
        "how_measured": None,
        "due_on": None,
        "legal_consequences": False,
        "confirmed_by_employee": by_employee,
        "confirmed_by_manager": by_manager,
        "created_at": created_at,
        "version": 1,
        **extra,
    }


def talk(id_, type_, held_on, created_at, **extra):
    return {
        "id": id_,
        "type": type_,
        "held_on": held_on,
        "created_at": created_at,
        "recorded_by": "employee",
        "topics": [],
        "record": {"summary": f"Verslag {id_}"},
        "conclusion": None,
        "reward_advice": None,
        "improvement_plan": False,
        **extra,
    }


def view(status="open", relation=("self",), talks=(), agreements=()):
    return {
        "employee_id": "e1",
        "relation": list(relation),
        "may_lock": False,
        "cycle": preset("four_levels").model_dump(mode="json"),
        "prompted_topics": {},
        "period": {
            "id": "p2",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "status": status,
            "cycle_version": 1,
            "locked_at": "2026-12-20T10:00:00+00:00" if status == "locked" else None,
            "snapshot_hash": "ab" * 32 if status == "locked" else None,
            "version": 1,
        },
        "agreements": list(agreements),
        "talks": list(talks),
        "reactions": [],
        "competencies": [],
        "attachments": [],
        "feedback": [],
        "salary_letters": [],
        "assessments": [],
        "decisions": [],
        "decision_of": {},
        "catalogue": [],
    }


def test_talks_and_agreements_in_time_order_with_their_states():
    shown = view(
        talks=[
            talk("t2", "reflect_talk", "2026-06-01", "2026-06-02T09:00:00+00:00"),
            talk("t1", "plan_talk", "2026-02-10", "2026-02-12T09:00:00+00:00"),
        ],
        agreements=[
            # 23:30 UTC on 9 February is 10 February in Amsterdam: the same day as the plan talk,
            # recorded before it.
            agreement("a1", "2026-02-09T23:30:00+00:00", by_employee=True, by_manager=True),
            agreement("a2", "2026-03-01T08:00:00+00:00", by_manager=True),
            agreement("a3", "2026-07-01T08:00:00+00:00", by_employee=True, by_manager=True),
            agreement("a4", "2026-07-02T08:00:00+00:00"),
        ],
    )
    timeline = entries(shown, {"a3": DECISION})
    assert [e["item"]["id"] for e in timeline] == ["a1", "t1", "a2", "t2", "a3", "a4"]
    assert [e["state"] for e in timeline if e["kind"] == "agreement"] == [
        "confirmed",
        "confirmed_by_manager",
        "decision_needed",
        "draft",
    ]
    assert str(timeline[0]["day"]) == "2026-02-10"


def test_a_locked_period_locks_its_agreements_but_a_needed_decision_stays_needed():
    confirmed = agreement("a1", "2026-02-01T08:00:00+00:00", by_employee=True, by_manager=True)
    assert agreement_state(confirmed, "locked") == "locked"
    assert agreement_state(confirmed, "locked", DECISION) == "decision_needed"
    assert agreement_state(confirmed, "locked", {**DECISION, "status": "established"}) == "locked"
    assert agreement_state(agreement("a", "2026-01-02T08:00:00+00:00", by_employee=True), "open") == (
        "confirmed_by_employee"
    )


def test_what_may_still_be_done_follows_the_cycle_and_marks_the_viewers_part():
    shown = view(
        relation=("self",),
        talks=[talk("t1", "plan_talk", "2026-02-10", "2026-02-12T09:00:00+00:00")],
        agreements=[agreement("a1", "2026-02-09T08:00:00+00:00", by_employee=True)],
    )
    possible = still_possible(shown)
    keys = [(p["who"], p["what"], p.get("talk")) for p in possible]
    # One plan talk at most (held), the evaluation still expected; the Rijk manager locks.
    assert ("employee", "record", "plan_talk") not in keys
    assert ("manager", "expected", "evaluation_talk") in keys
    assert ("manager", "confirm", None) in keys and ("employee", "confirm", None) not in keys
    assert ("manager", "lock", None) in keys and ("employee", "lock", None) not in keys
    assert all(p["mine"] == (p["who"] == "employee") for p in possible)

    locked = still_possible(view(status="locked", relation=("manager",)))
    assert [(p["who"], p["what"], p["mine"]) for p in locked] == [("employee", "react", False)]


def test_the_period_page_and_its_print_view_render_in_both_languages():
    shown = view(
        status="locked",
        talks=[talk("t1", "evaluation_talk", "2025-11-10", "2025-11-10T09:00:00+00:00", conclusion="+")],
        agreements=[agreement("a1", "2025-02-09T08:00:00+00:00", by_employee=True, by_manager=True)],
    )
    periods = [
        {
            "id": "p3",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "status": "open",
            "locked_at": None,
            "talks": 0,
            "agreements": 0,
        },
        {**shown["period"], "talks": 1, "agreements": 1},
    ]
    context = {
        "view": shown,
        "own": True,
        "name": "Sanne de Vries",
        "talk_labels": {t["key"]: t["label"] for t in shown["cycle"]["talk_types"]},
        "talk_types": {t["key"]: t for t in shown["cycle"]["talk_types"]},
        "current": False,
        "writable": False,
        "entries": entries(shown),
        "possible": [],
        "periods": periods,
        "errors": {},
        "opened": set(),
    }
    html = page("portfolio.html", **context)
    assert 'href="/portfolio/e1/periode/p3"' in html  # the other period is reachable
    assert 'href="/portfolio/e1/periode/p2" aria-current="page"' in html
    assert "definitief vastgelegd" in html and "eerdere periode" in html
    assert 'action="/portfolio/e1/afspraken"' not in html  # an earlier period is read only
    assert "/portfolio/e1/periode/p2/gesprek/t1/afdrukken" in html
    english = page("portfolio.html", lang="en", **context)
    assert "locked" in english and "Periods" in english

    printed = page("portfolio_print.html", talk=None, **context)
    assert "Evalueren" in printed and "Verslag t1" in printed and "Afspraak a1" in printed
    assert "<form" not in printed.split('<main id="inhoud"')[1]  # nothing to fill in on paper
    report = page("portfolio_print.html", lang="en", **{**context, "talk": shown["talks"][0]})
    assert "Talk report" in report and "Verslag t1" in report and "Afspraak a1" not in report


def test_a_period_or_talk_id_that_cannot_be_one_is_a_page_not_found():
    import pytest

    from dialoog.portal.web.portfolio_pages import _known
    from dialoog.portal.web.services import ServiceError

    _known("94fc23f5-7904-48ee-9d34-f182672ae0f3")
    with pytest.raises(ServiceError) as refused:
        _known("94fc23f5-7904-48ee-9d34-f182672ae0f3", "2025")
    assert refused.value.status == 404
