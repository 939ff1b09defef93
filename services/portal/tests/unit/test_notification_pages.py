"""The notification pages' pure pieces (ADR 0027): the badge's words, the forms as notificaties'
bodies and the refusals a person sees, an inbox link that may only lead inside the portal, the
unsubscribe link's shape and states; and the templates as rendered from the contract's shapes."""

from starlette.datastructures import FormData

from dialoog.kit.redaction import redact_path
from dialoog.portal.settings import Settings
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.notification_forms import (
    CATEGORIES,
    TOKEN,
    badge_label,
    badge_text,
    category_labels,
    event_type_names,
    formal_labels,
    local_link,
    mode_labels,
    page_number,
    preference_rows,
    preferences_body,
    response_time,
    unread_from,
    unsubscribe_state,
    webhook_body,
    weekday_labels,
)
from dialoog.portal.web.render import navigation

from .test_feedback_pages import page

NL = translations("nl").gettext
EN = translations("en").gettext
UNSUBSCRIBE = "dGVuYW50LnBlcnNvbi5yZW1pbmRlcg.c2lnbmF0dXJlc2lnbmF0dXJl"


# --- the badge ----------------------------------------------------------------------------------
def test_the_badge_says_how_many_in_words_in_both_languages():
    assert badge_label(1, NL) == "1 ongelezen melding"
    assert badge_label(3, NL) == "3 ongelezen meldingen"
    assert badge_label(0, NL) == "0 ongelezen meldingen"
    assert badge_label(3, EN) == "3 unread notifications"
    assert badge_label(1, EN) == "1 unread notification"
    assert badge_text(7) == "7" and badge_text(100) == "99+"


def test_only_a_count_makes_a_badge():
    assert unread_from({"unread": 4}) == 4 and unread_from({"unread": 0}) == 0
    for wrong in ({"unread": -1}, {"unread": "4"}, {"unread": True}, {}, [], None, {"count": 4}):
        assert unread_from(wrong) is None, wrong


def test_the_badge_fragment_reads_its_count_to_a_screen_reader():
    html = page(
        "_inbox_badge.html", unread=3, unread_text="3", unread_label="3 ongelezen meldingen", on_inbox=True
    )
    assert 'href="/meldingen"' in html and 'aria-current="page"' in html
    assert '<span class="portal-unread" aria-hidden="true">3</span>' in html
    assert '<span class="visually-hidden"> (3 ongelezen meldingen)</span>' in html
    none = page(
        "_inbox_badge.html", unread=0, unread_text="0", unread_label="0 ongelezen meldingen", on_inbox=False
    )
    assert "portal-unread" not in none and "aria-current" not in none


def test_every_signed_in_page_asks_for_the_badge_after_rendering():
    html = page("error.html", status=404)
    assert 'hx-get="/meldingen/teller"' in html and 'hx-trigger="load"' in html
    assert '<a class="utrecht-link" href="/meldingen"' in html  # without the badge: a plain link


# --- the inbox ----------------------------------------------------------------------------------
def test_an_inbox_link_leads_only_inside_the_portal():
    assert local_link("/salaris/ronde") == "/salaris/ronde"
    assert local_link("/feedback/gevraagd/abc?x=1") == "/feedback/gevraagd/abc?x=1"
    for outside in (
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "",
        None,
        3,
    ):
        assert local_link(outside) is None, outside


def test_the_page_number_is_only_a_small_positive_number():
    assert page_number("3") == 3
    for wrong in (None, "", "0", "-2", "abc", "1234567"):
        assert page_number(wrong) == 1


def inbox_page(items, **extra) -> str:
    for item in items:
        item["target"] = local_link(item.get("link"))
    context = {"items": items, "more": None, "page": 1, "only_unread": False, "marked": None}
    return page("inbox.html", categories=category_labels(NL), **{**context, **extra})


ITEM = {
    "id": "n1",
    "category": "task",
    "kind": "salaris.round.tasks_assigned",
    "title": "Salarisronde 2026 geopend",
    "body": "Er staan salarisbesluiten voor u klaar.",
    "link": "/team/salaris",
    "created_at": "2026-12-01T09:00:00+00:00",
    "read_at": None,
}


def test_the_inbox_marks_unread_items_and_posts_with_the_csrf_token():
    read = {**ITEM, "id": "n2", "title": "Oud bericht", "read_at": "2026-12-01T10:00:00+00:00"}
    html = inbox_page([dict(ITEM), read])
    unread_part, read_part = html.split("Oud bericht")[0], html.split("Oud bericht")[1]
    assert "portal-inbox--unread" in unread_part and ">nieuw<" in unread_part
    assert 'action="/meldingen/n1/gelezen"' in unread_part and 'name="naar" value="item"' in unread_part
    assert 'name="csrf_token" value="csrf"' in unread_part
    assert (
        'href="/team/salaris"' in read_part and "/meldingen/n2/gelezen" not in read_part
    )  # read: a plain link
    assert "Taken" in unread_part  # the category in words


def test_an_item_whose_link_leads_elsewhere_gets_no_link():
    html = inbox_page([{**ITEM, "link": "https://evil.example/"}])
    assert "evil.example" not in html and 'name="naar" value="item"' not in html
    assert "Markeer als gelezen" in html


def test_the_inbox_pages_on_with_the_cursor():
    html = inbox_page([dict(ITEM)], more="abc+/=", page=2, only_unread=True)
    assert 'href="/meldingen?na=abc%2B/%3D&amp;pagina=3&amp;alleen=ongelezen"' in html
    assert 'rel="first" href="/meldingen?alleen=ongelezen"' in html
    empty = inbox_page([], only_unread=True)
    assert "U hebt geen ongelezen meldingen." in empty


# --- preferences --------------------------------------------------------------------------------
def full_form(**changes) -> FormData:
    fields = {"language": "en", "digest_hour": "7", "digest_weekday": "5"}
    for c in CATEGORIES:
        fields[f"mode-{c}"] = "immediate"
        fields[f"email-{c}"] = "on"
    fields["mode-reminder"] = "daily"
    fields.pop("email-information")
    fields.update(changes)
    return FormData(list(fields.items()))


def test_the_preferences_form_is_the_services_body():
    body, errors = preferences_body(full_form(), NL)
    assert errors == {}
    assert body == {
        "categories": {
            "task": {"email": True, "mode": "immediate"},
            "reminder": {"email": True, "mode": "daily"},
            "decision": {"email": True, "mode": "immediate"},
            "feedback": {"email": True, "mode": "immediate"},
            "information": {"email": False, "mode": "immediate"},  # unticked: off
        },
        "language": "en",
        "digest_hour": 7,
        "digest_weekday": 5,
        "quiet_hours": None,
    }
    body, _ = preferences_body(full_form(quiet="on", quiet_start="22:00", quiet_end="07:00"), NL)
    assert body["quiet_hours"] == {"start": "22:00", "end": "07:00"}
    without, _ = preferences_body(full_form(), NL, with_language=False)
    assert "language" not in without


def test_a_wrong_choice_is_named_next_to_its_field():
    _, errors = preferences_body(
        full_form(**{"mode-task": "hourly", "digest_hour": "24", "digest_weekday": "0", "language": "fr"}), NL
    )
    assert set(errors) == {"mode-task", "digest_hour", "digest_weekday", "language"}
    assert errors["digest_hour"] == "Kies een uur van 0 tot en met 23."
    _, errors = preferences_body(full_form(quiet="on", quiet_start="25:00", quiet_end="7"), EN)
    assert errors == {
        "quiet_start": "Enter a time such as 22:00.",
        "quiet_end": "Enter a time such as 07:00.",
    }
    _, errors = preferences_body(full_form(quiet="on", quiet_start="22:00", quiet_end="22:00"), NL)
    assert set(errors) == {"quiet_end"}
    _, errors = preferences_body(full_form(digest_hour="x"), NL)
    assert set(errors) == {"digest_hour"}


def test_the_rows_follow_the_categories_and_say_what_is_inherited():
    rows = preference_rows(
        {
            "categories": {"reminder": {"email": False, "mode": "weekly"}, "task": {"mode": "??"}},
            "inherited": ["task"],
        }
    )
    assert [r["category"] for r in rows] == list(CATEGORIES)
    assert rows[0] == {"category": "task", "email": True, "mode": "immediate", "inherited": True}
    assert rows[1] == {"category": "reminder", "email": False, "mode": "weekly", "inherited": False}


PREFS = {
    "language": "nl",
    "categories": {c: {"email": True, "mode": "immediate"} for c in CATEGORIES},
    "digest_hour": 8,
    "digest_weekday": 1,
    "quiet_hours": {"start": "22:00", "end": "07:00"},
    "always_sent": ["salaris.letter.issued", "portfolio.decision.established", "iets.nieuws"],
    "inherited": ["feedback"],
    "version": 4,
}


def preferences_page(lang="nl", **extra) -> str:
    _ = translations(lang).gettext
    context = {
        "which": "me",
        "action": "/meldingen/voorkeuren",
        "prefs": PREFS,
        "rows": preference_rows(PREFS),
        "etag": '"4"',
        "always_sent": PREFS["always_sent"],
        "always_labels": formal_labels(_),
        "categories": category_labels(_),
        "modes": ("immediate", "daily", "weekly"),
        "mode_labels": mode_labels(_),
        "weekdays": weekday_labels(_),
        "hours": range(24),
        "with_language": True,
        "errors": {},
        "saved": False,
    }
    return page("preferences.html", lang, **{**context, **extra})


def test_the_preferences_page_shows_the_formal_notices_and_the_etag():
    html = preferences_page()
    assert 'name="etag" value="&#34;4&#34;"' in html
    assert "Uw salarisbrief (met bezwaartermijn)" in html and "Een vastgesteld besluit" in html
    assert "<li>iets.nieuws</li>" in html  # an unknown kind as it is
    assert "standaard van uw organisatie" in html.split("Feedback")[1].split("</th>")[0]
    assert 'id="quiet" name="quiet" aria-describedby="stil-uitleg" checked' in html
    assert 'value="22:00"' in html and 'value="07:00"' in html
    english = preferences_page("en")
    assert "Your salary letter (with an objection term)" in english and "Quiet hours" in english


def test_a_stale_save_says_so_plainly():
    html = preferences_page(errors={"form": "Deze voorkeuren zijn intussen ergens anders gewijzigd"})
    assert 'role="alert" id="formulier-fout"' in html and "intussen ergens anders gewijzigd" in html
    field = preferences_page(errors={"digest_hour": "Kies een uur van 0 tot en met 23."})
    assert (
        'id="digest_hour" name="digest_hour" aria-invalid="true" aria-describedby="digest_hour-fout"' in field
    )


# --- webhooks -----------------------------------------------------------------------------------
TYPES = ["nl.dialoog.salaris.round.opened.v1", "nl.dialoog.portfolio.talk.held.v1"]


def test_the_webhook_form_is_the_services_body():
    body, errors = webhook_body(
        FormData(
            [("url", " https://hr.example.org/hook "), ("description", "HRM"), ("event_types", TYPES[0])]
        ),
        TYPES,
        NL,
    )
    assert errors == {}
    assert body == {"url": "https://hr.example.org/hook", "description": "HRM", "event_types": [TYPES[0]]}
    everything, _ = webhook_body(FormData([("url", "https://hr.example.org/hook")]), TYPES, NL)
    assert everything["event_types"] == []  # nothing ticked: all


def test_a_webhook_form_with_a_wrong_address_or_type_is_refused_before_the_service():
    _, errors = webhook_body(FormData([("url", "hr.example.org")]), TYPES, NL)
    assert errors == {"url": "Vul een volledig adres in dat begint met https://."}
    _, errors = webhook_body(FormData([("url", "ftp://x.example/")]), TYPES, EN)
    assert errors == {"url": "Enter a full address starting with https://."}
    _, errors = webhook_body(
        FormData([("url", "https://x.example/"), ("event_types", "nl.dialoog.other.tenant.v1")]), TYPES, NL
    )
    assert set(errors) == {"event_types"}


def test_event_types_are_read_from_either_shape():
    assert event_type_names({"items": [TYPES[1], TYPES[0], TYPES[0]], "next_cursor": None}) == sorted(TYPES)
    assert event_type_names({"items": [{"type": TYPES[0], "description": "x"}]}) == [TYPES[0]]
    assert event_type_names([{"name": TYPES[1]}, None, 3]) == [TYPES[1]]


def test_response_times_read_as_people_write_them():
    assert response_time(120) == "120 ms"
    assert response_time(2400) == "2,4 s"
    assert response_time(None) == "" and response_time(True) == ""


def test_the_secret_is_shown_once_with_a_copy_hint():
    html = page(
        "webhook_secret.html",
        endpoint={"id": "w1", "url": "https://hr.example.org/hook"},
        secret="whsec_abc",
        created=True,
    )
    assert 'id="geheim" value="whsec_abc" readonly' in html
    assert "maar één keer getoond" in html and "Ctrl+C" in html


def test_the_delivery_log_shows_state_attempts_status_and_time():
    from dialoog.portal.web.notification_forms import delivery_labels, disabled_labels

    labels = {"delivery": delivery_labels(NL), "disabled": disabled_labels(NL), "ms": response_time}
    delivery = {
        "id": "msg_1",
        "event_id": "e1",
        "event_type": TYPES[0],
        "state": "failed",
        "attempts": 3,
        "last_status": 500,
        "last_response_ms": 1500,
        "next_attempt_at": "2026-12-01T10:00:00+00:00",
        "created_at": "2026-12-01T09:00:00+00:00",
    }
    endpoint = {
        "id": "w1",
        "url": "https://hr.example.org/hook",
        "description": "",
        "event_types": [],
        "enabled": False,
        "disabled_reason": "gone",
        "created_at": "2026-12-01T08:00:00+00:00",
        "version": 2,
    }
    html = page(
        "webhook.html",
        endpoint=endpoint,
        event_types=TYPES,
        deliveries=[delivery],
        more=None,
        page=1,
        labels=labels,
        errors={},
        submitted={},
        done=None,
    )
    row = html.split('id="bezorgingen-lijst"')[1]
    for shown in (
        "mislukt, wordt opnieuw geprobeerd",
        '<td class="utrecht-table__cell">3</td>',
        "500",
        "1,5 s",
    ):
        assert shown in row, shown
    assert "uitgezet: de ontvanger antwoordde 410 Gone" in html
    assert 'name="enabled" value="true"' in html and "Aanzetten" in html
    assert 'href="/beheer/webhooks/w1/bezorgingen/msg_1"' in row
    attempts = page(
        "webhook_delivery.html",
        endpoint=endpoint,
        delivery={
            **delivery,
            "attempts_log": [
                {"at": "2026-12-01T09:00:01+00:00", "status": None, "response_ms": None, "error": "timeout"}
            ],
        },
        labels=labels,
        done="opnieuw",
    )
    assert "timeout" in attempts and "Opnieuw bezorgen" in attempts and "dezelfde webhook-id" in attempts


def test_the_tenant_admin_alone_gets_the_notification_admin_pages():
    admin = [href for href, _ in navigation(["tenant_admin"], lambda t: t)]
    assert "/beheer/webhooks" in admin and "/beheer/meldingen" in admin
    employee = [href for href, _ in navigation(["employee", "manager", "hr_advisor"], lambda t: t)]
    assert "/beheer/webhooks" not in employee and "/beheer/meldingen" not in employee


# --- one-click unsubscribe ----------------------------------------------------------------------
def test_only_a_token_shaped_link_is_sent_to_the_service():
    assert TOKEN.match(UNSUBSCRIBE)
    for wrong in ("", "abc", "a" * 30, "a.b/../c.d", UNSUBSCRIBE + "!", "x." + "a" * 600):
        assert not TOKEN.match(wrong), wrong


def test_the_unsubscribe_answer_becomes_the_pages_state():
    info = {"category": "reminder", "tenant_name": "BEL Combinatie", "language": "en"}
    assert unsubscribe_state(200, info) == ("ok", info)
    assert unsubscribe_state(404, {"code": "unsubscribe-link-invalid"}) == ("invalid", {})
    assert unsubscribe_state(404, None) == ("invalid", {})
    assert unsubscribe_state(200, {}) == ("error", {})
    assert unsubscribe_state(500, None) == ("error", {})


def test_the_unsubscribe_page_posts_without_a_csrf_token_and_names_the_category():
    info = {"category": "reminder", "tenant_name": "BEL Combinatie", "language": "nl"}
    html = page(
        "unsubscribe.html", token=UNSUBSCRIBE, state="ok", info=info, category="Herinneringen", done=False
    )
    assert f'<form method="post" action="/u/{UNSUBSCRIBE}"' in html and "csrf_token" not in html
    assert "Herinneringen" in html and "BEL Combinatie" in html and "Ja, afmelden" in html
    done = page(
        "unsubscribe.html", "en", token=UNSUBSCRIBE, state="ok", info=info, category="Reminders", done=True
    )
    assert "You are unsubscribed" in done and "<form" not in done
    invalid = page("unsubscribe.html", token="x", state="invalid", info={}, category="", done=False)
    assert "Ongeldige link" in invalid and "<form" not in invalid


def test_the_unsubscribe_path_is_kept_out_of_logs_and_spans():
    prefixes = Settings().secret_path_prefixes
    assert redact_path(f"/u/{UNSUBSCRIBE}", prefixes) == "/u/[redacted]"
    assert redact_path("/f/abc.def", prefixes) == "/f/[redacted]"
    assert redact_path("/meldingen", prefixes) == "/meldingen"


def test_a_default_sent_back_unchanged_keeps_following_the_tenant():
    unchanged, _ = preferences_body(full_form(**{"inherited-task": "on:immediate"}), NL)
    assert "task" not in unchanged["categories"]  # left out: it still follows the default
    changed, _ = preferences_body(full_form(**{"inherited-task": "on:immediate", "mode-task": "weekly"}), NL)
    assert changed["categories"]["task"] == {"email": True, "mode": "weekly"}  # her own choice now
    assert preferences_page().count('name="inherited-') == 1  # only the inherited row (feedback)
    assert 'name="inherited-feedback" value="on:immediate"' in preferences_page()
