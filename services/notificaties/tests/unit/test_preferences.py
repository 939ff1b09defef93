"""Preferences over defaults, and what they make of one notification's e-mail: at once, after the
quiet hours, held for the digest at the chosen hour, or not at all; formal notices always at once."""

from datetime import UTC, datetime

from dialoog.kit.clock import AMSTERDAM
from dialoog.notificaties.domain.preferences import effective, next_digest, plan_mail, quiet_until
from dialoog.notificaties.domain.rules import RULES

TASK = RULES["nl.dialoog.salaris.round.tasks_assigned.v1"]
LETTER = RULES["nl.dialoog.salaris.letter.issued.v1"]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=AMSTERDAM).astimezone(UTC)


def test_a_person_s_choice_wins_over_the_tenant_s_default_and_the_rest_is_inherited():
    prefs = effective(
        {"categories": {"task": {"mode": "daily"}}, "language": "en"},
        {"categories": {"reminder": {"email": False, "mode": "immediate"}}},
    )
    assert prefs.language == "en"
    assert prefs.categories["task"] == {"email": True, "mode": "daily"}
    assert prefs.categories["reminder"] == {"email": False, "mode": "immediate"}
    assert "reminder" not in prefs.inherited and "task" in prefs.inherited
    assert effective(None, None).language == "nl"


def test_immediate_mail_goes_at_once_or_after_the_quiet_hours():
    prefs = effective(None, {"quiet_hours": {"start": "22:00", "end": "07:00"}})
    assert plan_mail(TASK, prefs, at(1, 12)).not_before is None
    assert plan_mail(TASK, prefs, at(1, 23)).not_before == at(2, 7)
    assert plan_mail(TASK, prefs, at(2, 6, 59)).not_before == at(2, 7)
    assert quiet_until({"start": "12:00", "end": "13:00"}, at(1, 12, 30)) == at(1, 13)
    assert quiet_until({"start": "12:00", "end": "12:00"}, at(1, 12)) is None


def test_a_digest_holds_the_mail_until_the_chosen_hour_daily_or_on_the_chosen_weekday():
    prefs = effective(None, {"categories": {"task": {"email": True, "mode": "daily"}}, "digest_hour": 17})
    plan = plan_mail(TASK, prefs, at(1, 9))
    assert (plan.state, plan.due_at) == ("held", at(1, 17))
    assert plan_mail(TASK, prefs, at(1, 17)).due_at == at(2, 17)  # the hour itself: the next day
    weekly = effective(None, {"digest_hour": 8, "digest_weekday": 1})  # 1 December 2026 is a Tuesday
    assert next_digest(weekly, "weekly", at(1, 9)) == at(7, 8)


def test_switched_off_means_no_mail_but_a_formal_notice_is_always_sent_at_once():
    off = effective(
        {"categories": {"decision": {"email": False}}},
        {
            "categories": {"task": {"email": False, "mode": "immediate"}},
            "quiet_hours": {"start": "00:00", "end": "23:59"},
        },
    )
    assert plan_mail(TASK, off, at(1, 12)).state == "suppressed"
    letter = plan_mail(LETTER, off, at(1, 12))
    assert (letter.state, letter.not_before) == ("immediate", None)
