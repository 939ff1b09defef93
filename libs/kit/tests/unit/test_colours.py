"""WCAG 2.1 contrast and the text and link colours chosen for a tenant's colours."""

import pytest

from dialoog.kit.colours import (
    BLACK,
    NEAR_BLACK,
    SAFE_LINK,
    WHITE,
    contrast,
    link_on_white,
    look_of,
    normalised,
    text_on,
)


def test_the_contrast_ratio_is_wcag_s():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the known AA grey
    assert contrast("#01689b", "#ffffff") == pytest.approx(6.08, abs=0.01)
    assert contrast("#FFFFFF", "#000000") == contrast("#000000", "#ffffff")  # order and case


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ("#154273", WHITE),  # a dark blue: white text
        ("#ffb612", NEAR_BLACK),  # a warm yellow: near-black
        ("#ffffff", NEAR_BLACK),
        ("#777777", BLACK),  # neither white (4.48) nor near-black reaches 4.5: black does
    ],
)
def test_the_header_text_is_white_or_near_black_whichever_reaches_aa(background, text):
    assert text_on(background) == text
    assert contrast(text_on(background), background) >= 4.5


def test_every_grey_gets_a_text_colour_of_at_least_4_5():
    for level in range(256):
        grey = f"#{level:02x}{level:02x}{level:02x}"
        assert contrast(text_on(grey), grey) >= 4.5, grey


def test_a_link_takes_the_first_colour_that_reaches_aa_on_white_or_the_safe_one():
    assert link_on_white("#8B0000", "#154273") == "#8b0000"
    assert link_on_white("#ffb612", "#154273") == "#154273"  # the accent is too light
    assert link_on_white("#ffb612", "#f9e11e") == SAFE_LINK  # both too light
    assert link_on_white(None, None) == SAFE_LINK


def test_a_look_names_its_ratios():
    look = look_of("#FFB612", "#ffe000")
    assert (look.header_background, look.header_text, look.link) == ("#ffb612", NEAR_BLACK, SAFE_LINK)
    assert look.header_contrast >= 4.5 and look.link_contrast >= 4.5


def test_only_rrggbb_is_a_colour():
    assert normalised("#ABCDEF") == "#abcdef"
    for bad in ("red", "#fff", "#12345g", "123456", "#1234567", ""):
        with pytest.raises(ValueError):
            normalised(bad)
