"""A tenant's colours and name in its mails (ADR 0037): the HTML part gets a header bar in the
primary colour with text of at least 4.5:1 on it and links in a colour that reaches 4.5:1 on
white; the plain-text part is the same with or without colours; without a colour the HTML is the
default look."""

import re

from dialoog.kit.colours import SAFE_LINK, contrast
from dialoog.notificaties.domain.branding import Brand
from dialoog.notificaties.templates.render import Item, digest_mail, notification_mail

ITEM = Item(
    "Er staat een salarisbesluit voor u klaar", "Bezwaar kan tot en met 01-02-2027.", "https://p/salaris"
)


def mail(brand: Brand, language: str = "nl"):
    return notification_mail(
        language=language,
        name="Sanne de Vries",
        brand=brand,
        item=ITEM,
        preferences_url="https://p/meldingen/voorkeuren",
        unsubscribe_url="https://p/u/abc",
    )


def header_of(html: str) -> tuple[str, str, str] | None:
    found = re.search(
        r'<div style="background-color:(#[0-9a-f]{6});color:(#[0-9a-f]{6});[^"]*">([^<]*)</div>', html
    )
    return found.groups() if found else None


def link_colour(html: str) -> str | None:
    found = re.search(r'<a href="https://p/salaris" style="color:(#[0-9a-f]{6})">', html)
    return found.group(1) if found else None


def test_without_a_colour_the_mail_has_the_default_look():
    plain = mail(Brand(name="Gemeente Heemstede"))
    assert header_of(plain.html) is None and 'style="color:' not in plain.html
    assert '<a href="https://p/salaris">Bekijk het in Dialoog</a>' in plain.html
    assert plain.subject.endswith("— Gemeente Heemstede")


def test_a_dark_primary_colour_makes_a_header_bar_with_white_text_and_links_in_it():
    branded = mail(Brand(name="Gemeente Heemstede", primary_color="#154273"))
    assert header_of(branded.html) == ("#154273", "#ffffff", "Gemeente Heemstede")
    assert link_colour(branded.html) == "#154273"
    assert contrast("#154273", "#ffffff") >= 4.5


def test_a_light_primary_colour_gets_near_black_text_and_links_fall_back_to_a_safe_colour():
    branded = mail(Brand(name="Gemeente Geel", primary_color="#ffd700", accent_color="#ffe680"))
    background, text, _ = header_of(branded.html)
    assert background == "#ffd700" and text == "#1a1a1a" and contrast(text, background) >= 4.5
    assert link_colour(branded.html) == SAFE_LINK  # neither the accent nor the primary reaches 4.5:1


def test_the_accent_colour_colours_links_when_it_reaches_aa():
    branded = mail(Brand(name="X", primary_color="#ffd700", accent_color="#8b0000"))
    assert link_colour(branded.html) == "#8b0000"


def test_the_mail_name_replaces_the_tenant_s_name_in_the_mail():
    branded = mail(Brand(name="Gemeente Heemstede", primary_color="#154273", mail_name="Heemstede"))
    assert header_of(branded.html)[2] == "Heemstede"
    assert branded.subject.endswith("— Heemstede") and "Heemstede" in branded.text
    assert Brand(name="Gemeente Heemstede", mail_name="Heemstede").sender_name == "Heemstede"
    assert Brand().sender_name is None and Brand().in_mail == "Dialoog"


def test_the_plain_text_part_does_not_change_with_colours():
    for language in ("nl", "en"):
        assert (
            mail(Brand(name="BEL"), language).text
            == mail(Brand(name="BEL", primary_color="#e17000"), language).text
        )


def test_the_name_is_escaped_in_the_header_bar():
    branded = mail(Brand(name="A & <B>", primary_color="#154273"))
    assert header_of(branded.html)[2] == "A &amp; &lt;B&gt;"


def test_a_digest_carries_the_same_look():
    digest = digest_mail(
        language="en",
        name="Sanne",
        brand=Brand(name="Rijk", primary_color="#154273"),
        items=[ITEM, ITEM],
        preferences_url="https://p/meldingen/voorkeuren",
    )
    assert header_of(digest.html) == ("#154273", "#ffffff", "Rijk")
    assert digest.html.count('style="color:#154273"') == 2
