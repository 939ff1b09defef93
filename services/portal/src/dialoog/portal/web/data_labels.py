"""Words that come from data and are translated where they are shown: roles, states and kinds
arrive from the services as codes (`manager`, `in_progress`) and a template says `_(role)`, which
`pybabel extract` cannot see. They are named here so that extraction finds them; `N_` marks a text
without translating it. Their message id is the code, so both catalogues translate them: `nl` with
the Dutch word, `en` with the English one (a test fails when either is missing)."""

from __future__ import annotations


def N_(message: str) -> str:
    return message


ROLES = (
    # NOTE: a person's role (medewerker, leidinggevende, HR-adviseur, ...)
    N_("employee"),
    # NOTE: a person's role (medewerker, leidinggevende, HR-adviseur, ...)
    N_("manager"),
    # NOTE: a person's role (medewerker, leidinggevende, HR-adviseur, ...)
    N_("hr_advisor"),
    # NOTE: a person's role (medewerker, leidinggevende, HR-adviseur, ...)
    N_("director"),
    # NOTE: a person's role (medewerker, leidinggevende, HR-adviseur, ...)
    N_("tenant_admin"),
    # NOTE: a person's role (medewerker, leidinggevende, HR-adviseur, ...)
    N_("platform_admin"),
)

IMPORT_STATES = (
    # NOTE: the state of an HR data import (CSV)
    N_("running"),
    # NOTE: the state of an HR data import (CSV)
    N_("done"),
    # NOTE: the state of an HR data import (CSV)
    N_("failed"),
)

AGREEMENT_KINDS = (
    # NOTE: a kind of agreement (resultaatafspraak, ontwikkelafspraak)
    N_("result"),
    # NOTE: a kind of agreement (resultaatafspraak, ontwikkelafspraak)
    N_("development"),
)

AGREEMENT_ABOUT = (
    # NOTE: what a result agreement is about (inhoud, houding en gedrag)
    N_("content"),
    # NOTE: what a result agreement is about (inhoud, houding en gedrag)
    N_("behaviour"),
)

ASSESSMENT_STATES = (
    # NOTE: the state of an assessment talk (beoordelingsgesprek)
    N_("requested"),
    # NOTE: the state of an assessment talk (beoordelingsgesprek)
    N_("held"),
    # NOTE: the state of an assessment talk (beoordelingsgesprek)
    N_("established"),
)

OBJECTION_STATES = (
    # NOTE: the state of an objection (bezwaar)
    N_("received"),
    # NOTE: the state of an objection (bezwaar)
    N_("in_progress"),
    # NOTE: the state of an objection (bezwaar)
    N_("upheld"),
    # NOTE: the state of an objection (bezwaar)
    N_("rejected"),
    # NOTE: the state of an objection (bezwaar)
    N_("withdrawn"),
)
