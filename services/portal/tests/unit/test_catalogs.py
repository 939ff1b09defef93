"""Every text the portal shows has its English translation; Dutch is the default. The texts are
what Babel extracts from the templates and code with the project's own mapping (babel.cfg), as
`make i18n-extract` does, so a text the extractor finds is a text these tests check."""

from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from dialoog.portal.web.i18n import DEFAULT, LANGUAGES, LOCALE_DIR, pick, translations

PORTAL = Path(__file__).resolve().parents[2]
DATA_LABELS = "src/dialoog/portal/web/data_labels.py"
HINT = "run `make i18n-update`, translate in locale/<lang>/LC_MESSAGES/messages.po (docs/translations.md)"


@cache
def extracted() -> Catalog:
    with open(PORTAL / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        PORTAL, method_map, options_map, comment_tags=("NOTE:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def ids(catalog: Catalog) -> set:
    return {message.id for message in catalog if message.id}


@cache
def po(lang: str) -> Catalog:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def test_the_extraction_sees_templates_code_and_data_words():
    found = extracted()
    assert "Mijn portfolio" in found  # code (the navigation)
    assert "Er ging iets mis" in found  # a template
    assert "tenant_admin" in found  # a data word, named for extraction in data_labels.py
    assert len(ids(found)) > 500


def test_every_text_has_english():
    english = po("en")
    # A fuzzy translation is a guess that `pybabel compile` leaves out: the page would show Dutch.
    missing = sorted(
        m for m in ids(extracted()) if m not in english or not english[m].string or english[m].fuzzy
    )
    assert missing == [], HINT + "; no English for: " + " | ".join(map(str, missing))


def test_the_catalogues_hold_exactly_what_the_code_says_and_nothing_fuzzy():
    for lang in LANGUAGES:
        catalog = po(lang)
        assert not catalog.fuzzy, f"{lang}: the header is marked fuzzy, so pybabel compile would skip it"
        assert ids(extracted()) - ids(catalog) == set(), f"{lang}: texts not in the catalogue; {HINT}"
        assert ids(catalog) - ids(extracted()) == set(), f"{lang}: texts no longer in the code; {HINT}"
        assert list(catalog.obsolete) == [], f"{lang}: obsolete entries; {HINT}"
        fuzzy = sorted(str(m.id) for m in catalog if m.id and m.fuzzy)
        assert fuzzy == [], f"{lang}: fuzzy (a guess after a text changed: check and clear): {fuzzy}"
        errors = [(str(m.id), [str(e) for e in errs]) for m, errs in catalog.check()]
        assert errors == [], f"{lang}: placeholders that do not match their message id: {errors}"


def test_the_template_for_translators_is_current():
    with open(LOCALE_DIR / "messages.pot", "rb") as handle:
        template = read_po(handle)
    assert ids(template) == ids(extracted()), "messages.pot is stale: run `make i18n-extract`"


def test_data_words_read_as_dutch_words():
    dutch = po("nl")
    words = {m.id for m in extracted() if m.id and any(f == DATA_LABELS for f, _ in m.locations)}
    assert "in_progress" in words
    missing = sorted(w for w in words if w not in dutch or not dutch[w].string)
    assert missing == [], "no Dutch word in locale/nl for the data words: " + ", ".join(missing)


def test_dutch_is_the_default_whatever_the_browser_says():
    assert DEFAULT == "nl"
    assert pick(None) == "nl" and pick("fr") == "nl" and pick("en") == "en"


def test_roles_and_texts_as_the_pages_get_them():
    assert translations("nl").gettext("manager") == "leidinggevende"
    assert translations("nl").gettext("Mijn portfolio") == "Mijn portfolio"
    assert translations("en").gettext("tenant_admin") == "tenant administrator"
    assert translations("en").gettext("Mijn portfolio") == "My portfolio"
