"""HR's audit trail page in words: the services' action and object codes shown in Dutch (or
English), a code without a word as it is, the person searched for named in the caption, and the
next page linked with its cursor."""

import re

from dialoog.portal.web.audit_labels import action_labels, actor_labels, label, object_labels
from dialoog.portal.web.i18n import formatters, translations
from dialoog.portal.web.render import templates

ENTRY = {
    "seq": 7,
    "at": "2026-12-01T10:15:00+00:00",
    "actor": "bel.hr",
    "action": "read",
    "object_type": "talk_reports",
    "object_id": "4b0f6d0e-0000-4000-8000-000000000001",
    "result": "ok",
    "origin": None,
    "purpose": "HR-gesprekscyclus (personeelsdossier)",
}


QUICK = {
    "intact": True,
    "entries": 12,
    "first_break_index": None,
    "full": False,
    "rehashed": 3,
    "last_full_check": "2026-12-01T09:30:00+00:00",
}


def page(lang: str, **context) -> str:
    _ = translations(lang).gettext
    data = {
        "_": _,
        "lang": lang,
        "nav": [],
        "path": "/hr/audit",
        "form": {"naam": "", "persoon": "", "soort": "", "object_id": "", "van": "", "tot": ""},
        "actions": action_labels(_),
        "objects": object_labels(_),
        "actors": actor_labels(_),
        "label": label,
        "verdict": QUICK,
        "entries": [ENTRY],
        "choices": [],
        "person": None,
        "error": None,
        "next_page": None,
        "first_page": None,
        **formatters(lang),
        **context,
    }
    return templates.env.get_template("hr_audit.html").render(data)


def cells(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r'<td class="utrecht-table__cell">(.*?)</td>', html)
    ]


def test_a_dutch_page_says_what_happened_in_dutch():
    shown = cells(page("nl"))
    assert "ingezien" in shown and "gespreksverslagen" in shown
    assert "read" not in shown and "talk_reports" not in shown


def test_an_english_page_says_it_in_english():
    shown = cells(page("en"))
    assert "viewed" in shown and "talk reports" in shown


def test_a_code_without_a_word_is_shown_as_it_is():
    html = page("nl", entries=[{**ENTRY, "action": "archive", "object_type": "dossier_part"}])
    assert "archive" in cells(html) and "dossier_part" in cells(html)


def test_the_person_searched_for_is_named_and_the_next_page_linked():
    html = page(
        "nl",
        person={"id": "p1", "first_name": "Sanne", "last_name": "de Vries"},
        next_page="/hr/audit?persoon=p1&cursor=abc",
    )
    assert "door of over Sanne de Vries" in html
    assert 'href="/hr/audit?persoon=p1&amp;cursor=abc" rel="next"' in html
    assert "ongeschonden" in html  # the chain check stays on the page


def test_the_chain_is_checked_when_hr_asks_not_on_every_page():
    html = page(
        "nl",
        verdict=None,
        check_page="/hr/audit?soort=talk&keten=1",
        full_check_page="/hr/audit?keten=volledig",
    )
    assert "ongeschonden" not in html and "gewijzigd: de keten breekt" not in html
    assert 'href="/hr/audit?soort=talk&amp;keten=1">Controleer of het logboek ongewijzigd is</a>' in html
    assert 'href="/hr/audit?keten=volledig">Volledige controle: alle regels opnieuw berekenen</a>' in html


def test_a_check_says_what_it_recomputed_and_when_the_last_full_one_was():
    quick = page("nl", full_check_page="/hr/audit?keten=volledig")
    assert "Opnieuw berekend zijn de regels sinds de vorige controle: 3." in quick
    assert "Laatste volledige controle: 1 dec 2026, 10:30:00." in quick  # Amsterdam time
    assert 'href="/hr/audit?keten=volledig"' in quick
    full = page(
        "en", verdict={**QUICK, "full": True, "rehashed": 12}, full_check_page="/hr/audit?keten=volledig"
    )
    assert "The chain of 12 entries is intact. Every entry was recomputed." in " ".join(full.split())
    assert 'href="/hr/audit?keten=volledig"' not in full


def test_a_broken_chain_names_the_first_broken_line():
    html = page("nl", verdict={"intact": False, "entries": 12, "first_break_index": 4})
    assert 'role="alert"' in html and "de keten breekt bij regel 5." in html


def test_a_name_that_fits_several_people_asks_which_one():
    html = page(
        "nl",
        entries=None,
        choices=[
            {
                "first_name": "Jan",
                "last_name": "Jansen",
                "employee_number": "1",
                "email": "j1@x.nl",
                "href": "/a",
            },
            {
                "first_name": "Jan",
                "last_name": "Bakker",
                "employee_number": "2",
                "email": "j2@x.nl",
                "href": "/b",
            },
        ],
    )
    assert "Welke persoon bedoelt u?" in html and "Jan Bakker" in html
    assert "<table" not in html
