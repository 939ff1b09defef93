"""The outsider's personal link: signed, naming tenant and invitation, refusing any change."""

import uuid
from datetime import UTC, datetime

import pytest

from dialoog.feedback.domain.links import Link, LinkInvalid, address_hash, derive_key, sign, verify

KEY = derive_key("secret", "link")
LINK = Link("bel", uuid.UUID("6f1c1c7e-5b7a-4f34-9a0e-5b1c2d3e4f50"), datetime(2027, 1, 31, 12, tzinfo=UTC))


def test_a_signed_link_verifies_to_what_it_names():
    assert verify(KEY, sign(KEY, LINK)) == LINK


def test_every_single_character_changed_is_refused():
    token = sign(KEY, LINK)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for i, char in enumerate(token):
        if char == ".":
            continue
        other = alphabet[(alphabet.index(char) + 1) % len(alphabet)]
        with pytest.raises(LinkInvalid):
            verify(KEY, token[:i] + other + token[i + 1 :])


@pytest.mark.parametrize("token", ["", "a.b.c", "a.b.c.d.e", "x" * 400, "....", "a.b.c.d", "é.é.é.é"])
def test_shapes_that_are_not_links_are_refused(token):
    with pytest.raises(LinkInvalid):
        verify(KEY, token)


def test_another_key_or_another_tenant_does_not_verify():
    token = sign(KEY, LINK)
    with pytest.raises(LinkInvalid):
        verify(derive_key("other", "link"), token)
    forged = sign(derive_key("other", "link"), Link("heemstede", LINK.invitation_id, LINK.expires_at))
    with pytest.raises(LinkInvalid):
        verify(KEY, forged)
    # Swapping in another tenant's part keeps the MAC of the first: refused.
    parts = token.split(".")
    other = sign(KEY, Link("heemstede", LINK.invitation_id, LINK.expires_at)).split(".")
    with pytest.raises(LinkInvalid):
        verify(KEY, ".".join([other[0], *parts[1:]]))


def test_keys_per_purpose_differ_and_an_address_hash_ignores_case_but_hides_the_address():
    assert derive_key("s", "link") != derive_key("s", "address")
    key = derive_key("s", "address")
    assert address_hash(key, "Piet@Example.NL ") == address_hash(key, "piet@example.nl")
    assert "piet" not in address_hash(key, "piet@example.nl")
