"""The tenant admin's branding page (/beheer/huisstijl, ADR 0037): the form as organisatie's body
(empty is the default), and the preview of the mails in the tenant's colours with their contrasts,
in Dutch and English."""

from starlette.datastructures import FormData

from dialoog.portal.web.branding_pages import branding_body, preview
from dialoog.portal.web.i18n import translations

from .test_feedback_pages import page

NL = translations("nl").gettext
EN = translations("en").gettext
TENANT = {"name": "Gemeente Heemstede", "version": 3, "branding": {}}


def test_the_form_becomes_the_body_and_empty_fields_the_default():
    form = FormData([("primary_color", " #154273 "), ("accent_color", ""), ("mail_name", " Heemstede ")])
    assert branding_body(form) == {"primary_color": "#154273", "accent_color": None, "mail_name": "Heemstede"}
    assert branding_body(FormData([])) == {"primary_color": None, "accent_color": None, "mail_name": None}


def test_the_preview_says_the_contrasts_and_why_a_light_accent_is_not_used_for_links():
    shown = preview({"primary_color": "#154273", "accent_color": "#ffb612"}, NL, "nl")
    look = shown["look"]
    assert (look.header_background, look.header_text, look.link) == ("#154273", "#ffffff", "#154273")
    assert shown["notes"][0] == "Tekst op de balk: wit, contrast 10,2:1."
    assert shown["notes"][1] == "Links: #154273, contrast 10,2:1 op wit."
    assert "#ffb612 haalt op wit maar 1,8:1" in shown["notes"][2] and not shown["safe"]
    english = preview({"primary_color": "#ffd700"}, EN, "en")
    assert english["notes"][0] == "Text on the bar: near-black, contrast 12.4:1."
    assert english["safe"]  # a yellow is too light for links: the safe colour
    assert preview({}, NL, "nl") is None and preview({"primary_color": "blauw"}, NL, "nl") is None


def test_the_page_shows_the_stored_values_the_preview_and_an_error_at_its_field():
    tenant = {
        **TENANT,
        "branding": {"primary_color": "#154273", "accent_color": None, "mail_name": "Heemstede"},
    }
    html = page(
        "branding.html",
        organisation=tenant,
        values={"primary_color": "blauw", "accent_color": "", "mail_name": "Heemstede"},
        etag='"3"',
        preview=preview(tenant["branding"], NL, "nl"),
        errors={"primary_color": "heeft niet de juiste vorm"},
        saved=False,
    )
    assert '<input type="hidden" name="etag" value="&#34;3&#34;">' in html
    assert 'id="h-primary_color" name="primary_color" value="blauw"' in html
    assert 'aria-describedby="h-primary_color-hint h-primary_color-fout" aria-invalid="true"' in html
    assert (
        '<p class="utrecht-form-field-error-message" id="h-primary_color-fout">heeft niet de juiste vorm</p>'
        in html
    )
    assert 'style="background-color:#154273;color:#ffffff">Heemstede</p>' in html
    english = page("branding.html", "en", organisation=TENANT, values={}, etag='"3"', preview=None, errors={})
    assert '<h1 class="utrecht-heading-1" id="huisstijl">Branding</h1>' in english
    assert "Without a primary colour" in english
