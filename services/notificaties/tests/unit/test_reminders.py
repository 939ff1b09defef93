"""When a reminder is due (ADR 0030): moments at 08:00 in Amsterdam on the days the tenant's offsets
name, ADR 0013's rule for moments that passed, what each preset's cycle still expects, and the
settings a tenant admin may not give. Around 1 January, 29 February and the changes of daylight
saving time."""

from datetime import UTC, date, datetime, timedelta

import pytest

from dialoog.contracts.cycle.presets import PRESETS
from dialoog.notificaties.domain import reminders as r
from dialoog.notificaties.domain.rules import REMINDER_RULES, params_of
from dialoog.notificaties.templates.render import title_and_body


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_moment_is_eight_in_the_morning_dutch_time_in_winter_and_in_summer():
    assert r.moment_on(date(2026, 12, 1)) == utc(2026, 12, 1, 7, 0)  # CET: UTC+1
    assert r.moment_on(date(2027, 7, 1)) == utc(2027, 7, 1, 6, 0)  # CEST: UTC+2


def test_the_days_of_daylight_saving_time_changes_keep_eight_o_clock():
    # 28 March 2027: clocks go forward at 02:00; 31 October 2027: back at 03:00
    assert r.moment_on(date(2027, 3, 28)) == utc(2027, 3, 28, 6, 0)
    assert r.moment_on(date(2027, 3, 27)) == utc(2027, 3, 27, 7, 0)
    assert r.moment_on(date(2027, 10, 31)) == utc(2027, 10, 31, 7, 0)
    assert r.moment_on(date(2027, 10, 30)) == utc(2027, 10, 30, 6, 0)


def test_offsets_count_days_from_the_anchor_across_the_turn_of_the_year():
    found = r.moments(date(2027, 1, 4), [-7, -2, -7])  # one moment per distinct offset
    assert [(m.key, m.day) for m in found] == [("-7d", date(2026, 12, 28)), ("-2d", date(2027, 1, 2))]


def test_offsets_around_29_february():
    leap = r.moments(date(2028, 3, 1), [-1])
    common = r.moments(date(2027, 3, 1), [-1])
    assert leap[0].day == date(2028, 2, 29) and common[0].day == date(2027, 2, 28)
    assert r.moments(date(2028, 2, 29), [1])[0].day == date(2028, 3, 1)


def moments_of(anchor=date(2027, 1, 20), offsets=(-14, -7, -1)):
    return r.moments(anchor, list(offsets))


def test_a_moment_ahead_waits_and_names_when():
    found = moments_of()
    d = r.decide(found, utc(2026, 12, 1), utc(2027, 1, 2), set())
    assert d.send is None and d.skipped == () and d.next_at == found[0].at


def test_a_moment_before_the_subject_was_known_is_skipped_not_sent():
    found = moments_of()  # known on 10 January: "14 days before" (6 Jan) never existed for it
    d = r.decide(found, utc(2027, 1, 10, 12), utc(2027, 1, 10, 12), set())
    assert d.send is None
    assert [(m.key, fate) for m, fate in d.skipped] == [("-14d", "before_known")]
    assert d.next_at == found[1].at


def test_of_the_moments_missed_while_nothing_ran_only_the_latest_is_sent_once_late():
    found = moments_of()
    d = r.decide(found, utc(2027, 1, 1), utc(2027, 1, 19, 12), set())
    assert d.send.key == "-1d" and d.send.day == date(2027, 1, 19)
    assert [(m.key, fate) for m, fate in d.skipped] == [("-14d", "superseded"), ("-7d", "superseded")]
    assert d.next_at is None


def test_a_handled_moment_is_never_decided_again():
    found = moments_of()
    d = r.decide(found, utc(2027, 1, 1), utc(2027, 1, 19, 12), {"-14d", "-7d", "-1d"})
    assert d.send is None and d.skipped == () and d.next_at is None


def test_exactly_at_eight_the_moment_is_due_and_a_minute_before_it_is_not():
    found = moments_of(offsets=(-1,))
    at = found[0].at
    assert r.decide(found, utc(2027, 1, 1), at - timedelta(minutes=1), set()).send is None
    assert r.decide(found, utc(2027, 1, 1), at, set()).send == found[0]


def test_each_preset_expects_what_its_seed_says():
    kinds = {name: r.expectations(d.model_dump(mode="json")) for name, d in PRESETS.items()}
    assert kinds["three_talks"] == [r.Expectation("halfway_talk", ("progress_talk",))]
    assert kinds["continuous"] == [r.Expectation("talk_this_year", ("good_talk",))]
    assert kinds["four_levels"] == [r.Expectation("conclusion_due", ())]
    assert r.expectations(None) == []


def test_a_period_s_anchors_and_from_when_its_expectations_hold():
    assert r.period_anchor("halfway_talk", 2028) == date(2028, 7, 1)  # a leap year too
    assert r.period_anchor("talk_this_year", 2027) == date(2027, 12, 31)
    assert r.period_known_at(2027) == utc(2026, 12, 31, 23, 0)  # 1 January 00:00 in Amsterdam


def test_the_last_reminder_of_the_year_and_the_first_of_the_next():
    end = r.moments(r.period_anchor("talk_this_year", 2027), [0])[0]
    assert end.at == utc(2027, 12, 31, 7, 0)
    known_2028 = r.period_known_at(2028)
    d = r.decide([end], known_2028, utc(2028, 1, 1, 9), set())  # a moment of last year: skipped
    assert d.send is None and d.skipped[0][1] == "before_known"


def test_the_platform_defaults_and_a_tenant_s_change_over_them():
    merged = r.merged({"objection_term": {"offsets": [-14, -3]}})
    assert merged["objection_term"] == {"enabled": True, "offsets": [-14, -3], "audience": "employee"}
    assert merged["feedback_deadline"] == {"enabled": True, "offsets": [-2], "audience": "both"}
    assert r.merged({"gone": {"offsets": [1]}}) == r.defaults()


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        ({"feedback_deadline": {"offsets": [0], "audience": "both"}}, "reminder-offset-too-late"),
        ({"objection_term": {"offsets": [-7, 1], "audience": "employee"}}, "reminder-offset-too-late"),
        ({"talk_this_year": {"offsets": [5], "audience": "both"}}, "reminder-offset-too-late"),
        ({"objection_term": {"offsets": [-7], "audience": "manager"}}, "reminder-audience-not-for-kind"),
        ({"halfway_talk": {"offsets": [0], "audience": "givers"}}, "reminder-audience-not-for-kind"),
    ],
)
def test_settings_the_schema_cannot_refuse_get_their_own_code(settings, code):
    assert r.settings_problem(settings).code == code


def test_sensible_settings_pass():
    assert r.settings_problem(r.defaults()) is None
    assert r.settings_problem({"halfway_talk": {"offsets": [-14, 0, 30, 60], "audience": "manager"}}) is None


@pytest.mark.parametrize("rule", REMINDER_RULES.values(), ids=lambda rule: rule.kind)
def test_each_reminder_has_a_text_in_both_languages_that_shows_only_its_days(rule):
    assert rule.category == "reminder" and rule.link.startswith("/")
    params = {"deadline": "2027-01-04", "last_day": "2027-01-04", "year": 2026, "day": "2026-12-31"}
    for language in ("nl", "en"):
        title, body = title_and_body(rule.kind, params_of(rule, params), language, "Gemeente Heemstede")
        assert title and "…" not in body, f"{rule.kind} ({language}) names a parameter it lacks: {body}"


def test_the_end_of_an_objection_term_is_always_sent_like_the_letter_that_started_it():
    assert {k for k, rule in REMINDER_RULES.items() if rule.always_sent} == {
        "objection_term_salaris",
        "objection_term_portfolio",
    }
    nl = title_and_body(
        "notificaties.reminder.objection_term_salaris", {"last_day": "2027-01-04"}, "nl", None
    )
    assert nl[1] == "Bezwaar tegen het besluit over uw salaris kan tot en met 04-01-2027."
