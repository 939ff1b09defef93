"""The feedback pages as rendered from what the feedback service answers (the service applies the
anonymity rule; the page must show no content until it says so), the forms as the service's
bodies, the outsider's page in each state of its link, and a tenant's colours as a readable theme."""

import httpx
import pytest
from starlette.datastructures import FormData
from starlette.requests import Request

from dialoog.portal.web.feedback_forms import (
    answers_from,
    contrast,
    progress,
    request_body,
    style,
    theme,
)
from dialoog.portal.web.feedback_public_pages import TOKEN, _state_of
from dialoog.portal.web.i18n import formatters, translations
from dialoog.portal.web.render import templates

QUESTIONS = [
    {"key": "a", "text": "Wat gaat goed?", "kind": "open", "comment": False},
    {"key": "b", "text": "Hoe helder communiceert zij?", "kind": "rating", "comment": True},
]
LINK = "b3V0c2lkZXI.MTc5OTk5OTk5OQ.c2lnbmF0dXJlc2lnbmF0dXJl"


def page(name: str, lang: str = "nl", **context) -> str:
    request = Request({"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": []})
    base = {
        "request": request,
        "_": translations(lang).gettext,
        "lang": lang,
        "user": {"name": "Eva", "tenant_names": {}},
        "roles": ["employee"],
        "tenant": "bel",
        "tenant_name": "BEL Combinatie",
        "tenants": ["bel"],
        "csrf_token": "csrf",
        "nav": [],
        "nav_current": None,
        "path": "/",
        **formatters(lang),
    }
    return templates.env.get_template(name).render(**base, **context)


def anonymous_request(answered: int) -> dict:
    return {
        "id": "r1",
        "purpose": "Mijn jaargesprek",
        "questions": QUESTIONS,
        "deadline": "2026-12-20",
        "anonymous": True,
        "self_reflection": False,
        "state": "open",
        "counts": {"asked": 3, "answered": answered, "declined": 0},
        "threshold": 3,
        "givers": [{"name": "Piet"}, {"name": "Klaas"}, {"name": "Extern", "email": "x@example.org"}],
        "version": 1,
    }


def request_page(item: dict, results: dict, lang: str = "nl") -> str:
    from dialoog.portal.web.feedback_forms import still_needed

    _ = translations(lang).gettext
    return page(
        "feedback_request.html",
        lang,
        item=item,
        results=results,
        questions={q["key"]: q for q in item["questions"]},
        progress=progress(item, _),
        needed_text=still_needed(results["needed"], _) if results["needed"] else "",
        self_answers={},
        ratings=(1, 2, 3, 4, 5),
        labels={"request": {}, "giver": {}, "group": {"all": "Alle antwoorden samen"}},
        people=None,
        outsider_rows=range(1, 2),
        max_deadline="2027-03-01",
        errors={},
    )


def test_below_the_threshold_the_page_says_how_many_are_needed_and_shows_no_content():
    results = {
        "answered": 2,
        "threshold": 3,
        "needed": 1,
        "visible": False,
        "groups": [],
        "self_reflection": [],
    }
    html = request_page(anonymous_request(2), results)
    assert "nog 1 antwoord nodig" in html
    assert "Toevoegen aan mijn portfolio" not in html
    english = request_page(anonymous_request(2), results, "en")
    assert "1 more answer needed" in english


def test_at_the_threshold_the_answers_are_shown_pooled_each_with_add_to_my_portfolio():
    answers = [
        {
            "answer_id": f"ans-{i}",
            "question_key": "a",
            "text": f"Antwoord {i}",
            "rating": None,
            "comment": None,
        }
        for i in range(3)
    ]
    results = {
        "answered": 3,
        "threshold": 3,
        "needed": 0,
        "visible": True,
        "groups": [{"group": "all", "answers": answers}],
        "self_reflection": [],
    }
    html = request_page(anonymous_request(3), results)
    assert "nog 1 antwoord nodig" not in html and "Alle antwoorden samen" in html
    assert all(f"Antwoord {i}" in html for i in range(3))
    assert html.count('name="antwoord" value="ans-') == 3
    assert html.count("Toevoegen aan mijn portfolio") == 3


def test_the_progress_line_of_a_named_and_an_anonymous_request():
    _ = translations("nl").gettext
    named = {**anonymous_request(1), "anonymous": False}
    assert progress(named, _) == "1 van 3 beantwoord"
    assert progress(anonymous_request(0), _) == "0 van 3 beantwoord, nog 3 antwoorden nodig"
    assert progress(anonymous_request(3), _) == "3 van 3 beantwoord"


def test_a_posted_answer_form_becomes_the_services_answers():
    form = FormData(
        [
            ("antwoord-a", "  Heldere uitleg  "),
            ("score-b", "4"),
            ("toelichting-b", "vaak"),
            ("antwoord-x", "?"),
        ]
    )
    assert answers_from(form, QUESTIONS) == [
        {"question_key": "a", "text": "Heldere uitleg"},
        {"question_key": "b", "rating": 4, "comment": "vaak"},
    ]
    # A score outside the scale, and an empty answer, are left out (the service judges what is missing).
    assert answers_from(FormData([("score-b", "9"), ("antwoord-a", " ")]), QUESTIONS) == []


def test_the_ask_form_becomes_a_request_body():
    sets = [
        {
            "id": "s1",
            "name": {"nl": "Goed gesprek", "en": "Good talk"},
            "questions": [
                {
                    "key": "a",
                    "text": {"nl": "Wat gaat goed?", "en": "What goes well?"},
                    "kind": "open",
                    "comment": False,
                }
            ],
        }
    ]
    form = FormData(
        [
            ("doel", "Jaargesprek"),
            ("vraag", "s1:a"),
            ("eigen-vraag-1", "Hoe ervaar je de samenwerking?"),
            ("eigen-soort-1", "rating"),
            ("eigen-toelichting-1", "on"),
            ("eigen-soort-2", "open"),
            ("collega", "p1"),
            ("collega", "p1"),
            ("collega", "p2"),
            ("extern-naam-1", "Anne Klant"),
            ("extern-email-1", "anne@example.org"),
            ("deadline", "2026-12-20"),
            ("anoniem", "on"),
        ]
    )
    assert request_body(form, sets, "en") == {
        "purpose": "Jaargesprek",
        "questions": [
            {"key": "a", "text": "What goes well?", "kind": "open", "comment": False},
            {"text": "Hoe ervaar je de samenwerking?", "kind": "rating", "comment": True},
        ],
        "givers": [
            {"person_id": "p1"},
            {"person_id": "p2"},
            {"name": "Anne Klant", "email": "anne@example.org"},
        ],
        "anonymous": True,
        "self_reflection": False,
        "deadline": "2026-12-20",
    }


def public(state: str, lang: str = "nl", **context) -> str:
    info = {
        "state": state,
        "tenant": {"name": "BEL Combinatie", "colours": {"primary": "#0b3d6e"}},
        "requester_name": "Eva de Vries",
        "purpose": "Mijn ontwikkelgesprek",
        "questions": QUESTIONS,
        "deadline": "2026-12-20",
        "retention_months": 12,
        "giver_name": "Anne Klant",
    }
    values = {"token": LINK, "state": state, "info": info if state in ("open", "answered") else {}}
    values |= {
        "theme_style": style(info["tenant"]["colours"]),
        "ratings": (1, 2, 3, 4, 5),
        "answers": {},
        "errors": {},
    }
    return page("feedback_public.html", lang, **(values | context))


def test_the_outsiders_page_in_each_state_of_the_link():
    open_page = public("open")
    assert f'action="/f/{LINK}"' in open_page and "Antwoord versturen" in open_page
    assert "Eva de Vries" in open_page and "BEL Combinatie" in open_page
    # AVG art. 13: who asks, what for, how long, how to withdraw and to be asked never again.
    assert "12 maanden verwijderd" in open_page and "Vraag mij nooit meer om feedback" in open_page
    assert "/auth/login" not in open_page  # no login, and the link never goes into another address
    answered = public("answered")
    assert "U heeft al geantwoord" in answered and "Mijn antwoord intrekken" in answered
    assert "Antwoord versturen" not in answered
    invalid = public("invalid")
    assert "Ongeldige link" in invalid and "Antwoord versturen" not in invalid and "Eva" not in invalid
    assert "Invalid link" in public("invalid", "en")
    assert "Deze link is verlopen" in public("expired")


def test_every_answer_of_the_service_about_a_link_is_a_state_never_an_error():
    def answer(status, body):
        return httpx.Response(status, json=body)

    assert _state_of(answer(200, {"state": "open", "purpose": "x"}))[0] == "open"
    assert _state_of(answer(200, {"state": "answered"}))[0] == "answered"
    assert _state_of(answer(422, {"code": "feedback-link-invalid"})) == ("invalid", {})
    assert _state_of(answer(410, {"code": "feedback-link-expired"})) == ("expired", {})
    assert _state_of(answer(409, {"code": "feedback-link-spent"})) == ("answered", {})
    assert _state_of(answer(404, {"code": "not-found"})) == ("invalid", {})
    assert _state_of(answer(422, {"code": "validation"})) == ("invalid", {})
    with pytest.raises(httpx.HTTPStatusError):  # a broken service is an error, not "invalid link"
        _state_of(httpx.Response(500, json={}, request=httpx.Request("POST", "http://feedback/")))


def test_only_a_link_of_the_signed_shape_is_sent_to_the_service():
    assert TOKEN.match(LINK)
    assert TOKEN.match("YmVs.-3_tU_ZqT2-_N5Zk1hPyZA.AAAAAGs2gJI.S9gHL4PgYjzZcWGKe9M-DfZC4YogfarCqHe5GWTwoBU")
    for bad in ("", "abcdefghijkl", "a.b", "abcdef.ghijk/../x", "abcdef.ghijkl?x=1", "a" * 300 + ".b.c"):
        assert not TOKEN.match(bad), bad


def test_a_tenants_colour_is_themed_readably_and_nothing_else_reaches_the_style():
    dark = theme({"primary": "#0b3d6e"})
    assert dark["on_primary"] == "#ffffff" and contrast(dark["primary"], dark["on_primary"]) >= 4.5
    light = theme({"primary": "#ffd700"})
    assert light["on_primary"] == "#000000" and contrast(light["primary"], light["on_primary"]) >= 4.5
    assert light["link"] != "#ffd700"  # a yellow link on white would not read
    assert theme({"primary": "red; background: url(x)"})["primary"] == "#01689b"
    assert "url(" not in style({"primary": "red; background: url(x)"})


def test_the_navigation_has_the_feedback_pages():
    from dialoog.portal.web.render import current_item, navigation

    employee = navigation(["employee"], lambda text: text)
    assert ("/feedback", "Feedback") in employee and ("/feedback/gevraagd", "Gevraagde feedback") in employee
    assert "/hr/feedback" not in [href for href, _ in employee]
    assert "/hr/feedback" in [href for href, _ in navigation(["hr_advisor"], lambda text: text)]
    assert current_item(employee, "/feedback/gevraagd/42") == "/feedback/gevraagd"
    assert current_item(employee, "/feedback/42") == "/feedback"


def test_a_page_on_a_secret_path_never_copies_it_into_its_links():
    """The error page (base.html: login and language links carry the current path) rendered for
    /f/<token>: the token is in no link."""
    from types import SimpleNamespace

    from dialoog.portal.web.render import render
    from dialoog.portal.web.session import PortalSession

    app = SimpleNamespace(state=SimpleNamespace(secret_paths=("/f/",)))
    scope = {
        "type": "http",
        "method": "GET",
        "path": f"/f/{LINK}",
        "query_string": b"",
        "headers": [],
        "app": app,
    }
    request = Request(scope)
    request.state.session = PortalSession(None)
    body = render(request, "error.html", {"status": 404}, status=404).body.decode()
    assert LINK not in body
    assert 'href="/auth/login?next=/"' in body and "/taal/en?terug=/" in body
