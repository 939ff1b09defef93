"""The tenant admin's reminder settings on /beheer/meldingen (ADR 0030): the form as
notificaties' body (days as whole numbers, a typographic minus too), a wrong day said at its
field, and the section as rendered from the API's shape, in Dutch and English."""

from starlette.datastructures import FormData

from dialoog.portal.web.i18n import translations
from dialoog.portal.web.notification_forms import (
    category_labels,
    formal_labels,
    mode_labels,
    preference_rows,
    weekday_labels,
)
from dialoog.portal.web.reminder_forms import (
    KINDS,
    anchor_labels,
    audience_labels,
    kind_labels,
    reminders_body,
)

from .test_feedback_pages import page
from .test_notification_pages import PREFS

NL = translations("nl").gettext


def test_the_form_becomes_the_settings_body():
    form = FormData(
        [
            ("enabled-feedback_deadline", "on"),
            ("offsets-feedback_deadline", "-7, −2"),
            ("audience-feedback_deadline", "givers"),
            ("offsets-objection_term", "-14"),
            ("audience-objection_term", "employee"),
        ]
    )
    body, errors = reminders_body(form, NL)
    assert errors == {}
    assert body["feedback_deadline"] == {"enabled": True, "offsets": [-7, -2], "audience": "givers"}
    assert body["objection_term"] == {"enabled": False, "offsets": [-14], "audience": "employee"}
    assert set(body) == set(KINDS)


def test_a_day_that_is_not_a_whole_number_is_said_at_its_field():
    _body, errors = reminders_body(FormData([("offsets-halfway_talk", "een week")]), NL)
    assert errors == {"offsets-halfway_talk": "Geef hele dagen, gescheiden door komma's, zoals -7, -2."}


SETTINGS = {
    "kinds": {
        "objection_term": {
            "enabled": True,
            "offsets": [-7],
            "audience": "employee",
            "audiences": ["employee"],
            "anchor": "the last day to object",
            "latest_offset": 0,
            "always_sent": True,
        },
        "talk_this_year": {
            "enabled": False,
            "offsets": [-60, -30],
            "audience": "both",
            "audiences": ["employee", "manager", "both"],
            "anchor": "31 December",
            "latest_offset": 0,
            "always_sent": False,
        },
    },
    "inherited": ["talk_this_year"],
    "version": 3,
}


def defaults_page(lang="nl", **extra) -> str:
    _ = translations(lang).gettext
    context = {
        "which": "defaults",
        "action": "/beheer/meldingen",
        "prefs": PREFS,
        "rows": preference_rows(PREFS),
        "etag": '"4"',
        "always_sent": [],
        "always_labels": formal_labels(_),
        "categories": category_labels(_),
        "modes": ("immediate", "daily", "weekly"),
        "mode_labels": mode_labels(_),
        "weekdays": weekday_labels(_),
        "hours": range(24),
        "with_language": False,
        "errors": {},
        "saved": False,
        "reminders": SETTINGS,
        "reminders_etag": '"3"',
        "reminder_kinds": kind_labels(_),
        "reminder_anchors": anchor_labels(_),
        "reminder_audiences": audience_labels(_),
        "reminder_errors": {},
    }
    return page("preferences.html", lang, **{**context, **extra})


def test_the_section_shows_each_kind_with_its_days_recipients_and_etag():
    html = defaults_page()
    assert 'action="/beheer/meldingen/herinneringen"' in html
    assert 'name="reminders_etag" value="&#34;3&#34;"' in html
    assert 'id="offsets-talk_this_year" name="offsets-talk_this_year" value="-60, -30"' in html
    assert 'id="enabled-objection_term" name="enabled-objection_term" checked' in html
    assert 'id="enabled-talk_this_year" name="enabled-talk_this_year" >' in html
    assert "Einde van een bezwaartermijn <small>(altijd direct per e-mail)</small>" in html
    assert '<option value="both" selected>Beiden</option>' in html
    english = defaults_page("en")
    assert "No good talk this year yet" in english and "Save reminders" in english


def test_a_refused_day_is_marked_at_its_field():
    html = defaults_page(reminder_errors={"offsets-objection_term": "Te laat."})
    assert 'aria-invalid="true" aria-describedby="offsets-objection_term-fout"' in html
    assert "Niet bewaard: verbeter wat hieronder gemarkeerd is." in html


def test_without_settings_from_notificaties_the_section_is_not_shown():
    assert "herinneringen-tabel" not in defaults_page(reminders=None)
