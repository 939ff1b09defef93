"""Every text the portal shows has its English translation; Dutch is the default."""

import re
from pathlib import Path

from dialoog.portal.web.i18n import DEFAULT, pick, translations

PORTAL = Path(__file__).resolve().parents[2] / "src" / "dialoog" / "portal"
MSGID = re.compile(r"""_\((?:"([^"]+)"|'([^']+)')\)""")  # _("…") and _('…')


def msgids() -> set[str]:
    found: set[str] = set()
    for path in [*PORTAL.glob("templates/*.html"), *PORTAL.glob("web/*.py")]:
        found |= {double or single for double, single in MSGID.findall(path.read_text())}
    return found


def test_every_text_has_english():
    english = translations("en")
    missing = sorted(m for m in msgids() if m not in english._catalog)
    assert missing == [], "run scripts/portal_catalogs.py after adding: " + ", ".join(missing)


def test_dutch_is_the_default_whatever_the_browser_says():
    assert DEFAULT == "nl"
    assert pick(None) == "nl" and pick("fr") == "nl" and pick("en") == "en"


def test_roles_read_as_dutch_words():
    assert translations("nl").gettext("manager") == "leidinggevende"
    assert translations("en").gettext("tenant_admin") == "tenant administrator"
