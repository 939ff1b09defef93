"""Unsubscribe tokens: what was signed comes back; anything altered, or signed with another key,
is refused; an old key keeps its links working while it is configured."""

import uuid

import pytest

from dialoog.notificaties.domain import identity, tokens

KEYS = {"1": tokens.derive_key("secret-one", "unsubscribe")}
WHAT = tokens.Unsubscribe("bel", uuid.UUID("5b4c8f8e-2c38-4f0a-9c3e-8c1f1f7d2a11"), "reminder")


def test_a_signed_token_verifies_to_what_was_signed():
    assert tokens.verify(KEYS, tokens.sign(KEYS, "1", WHAT)) == WHAT


@pytest.mark.parametrize("position", [0, 5, 20, -3, -1])
def test_an_altered_token_is_refused(position):
    token = tokens.sign(KEYS, "1", WHAT)
    changed = (
        token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :][: len(token)]
    )
    changed = changed[: len(token)]
    with pytest.raises(tokens.BadToken):
        tokens.verify(KEYS, changed)


def test_another_key_or_garbage_is_refused_and_an_old_key_still_works():
    token = tokens.sign(KEYS, "1", WHAT)
    with pytest.raises(tokens.BadToken):
        tokens.verify({"1": tokens.derive_key("other", "unsubscribe")}, token)
    for garbage in ("", "abc", "a.b.c", "....", "x" * 50 + "." + "y" * 10):
        with pytest.raises(tokens.BadToken):
            tokens.verify(KEYS, garbage)
    rotated = {"2": tokens.derive_key("secret-two", "unsubscribe"), **KEYS}
    assert tokens.verify(rotated, token) == WHAT


def test_ids_are_deterministic_per_event_and_recipient():
    person = WHAT.person_id
    assert identity.notification_id("e1", person) == identity.notification_id("e1", person)
    assert identity.notification_id("e1", person) != identity.notification_id("e2", person)
    assert identity.message_id("n", identity.notification_id("e1", person), "d.test").endswith("@d.test>")
