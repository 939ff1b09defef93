"""The one catalogue of problem codes, and the factories every service raises problems with.

Each code is registered here once: its HTTP status, its title in Dutch and English, and one line
saying when it happens (docs/problems.md is generated from this catalogue: `uv run python -m
dialoog.kit.problems_doc`; a unit test fails when it is stale, and another when code anywhere
raises a code that is not in it). A use case names the code and writes the detail of its case in
both languages; the wire format is `dialoog.kit.errors.Problem`'s (ADR 0005).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialoog.kit.errors import Problem, Text, field_error


@dataclass(frozen=True)
class Code:
    code: str
    status: int
    title: Text
    when: str  # for docs/problems.md
    area: str  # the section of docs/problems.md


# The sections of docs/problems.md, in order.
AREAS: dict[str, str] = {
    "common": "Every service",
    "objections": "Objections (portfolio and salaris)",
    "organisatie": "Tenants, cycle, org units, people and imports (organisatie)",
    "portfolio": "Portfolios, talks, decisions and assessments (portfolio)",
    "salaris": "The salary round (salaris)",
    "feedback": "360 feedback (feedback)",
    "notificaties": "Notifications, preferences and unsubscribe links (notificaties)",
    "webhooks": "Webhooks for integrators (notificaties)",
    "portal": "The portal",
}

_ROWS: tuple[tuple[str, int, str, str, str, str], ...] = (
    # area, status, code, Dutch title, English title, when
    ("common", 400, "bad-request", "Ongeldig verzoek", "Bad request", "the request cannot be read"),
    ("common", 400, "malformed-json", "Ongeldige JSON", "Malformed JSON", "the body is not valid JSON"),
    (
        "common",
        400,
        "tenant-selection-required",
        "Kies een organisatie",
        "Choose an organization",
        "the token names several organizations and no `X-Dialoog-Tenant` picks one (`organizations` lists them)",
    ),
    (
        "common",
        401,
        "unauthenticated",
        "Niet aangemeld",
        "Not authenticated",
        "no token, or a token that is expired, not yet valid, from another issuer, for another audience, "
        "not RS256, signed with an unknown key, or tampered with",
    ),
    (
        "common",
        403,
        "forbidden",
        "Geen toegang",
        "Forbidden",
        "the caller lacks the role or relation (the detail says what would do)",
    ),
    (
        "common",
        403,
        "tenant-not-yours",
        "Geen toegang tot deze organisatie",
        "Not a member of this organization",
        "`X-Dialoog-Tenant` names an organization that is not in the token",
    ),
    (
        "common",
        403,
        "no-tenant",
        "Geen organisatie",
        "No organization",
        "the account belongs to no organization (platform admins) on a tenant endpoint",
    ),
    (
        "common",
        404,
        "not-found",
        "Niet gevonden",
        "Not found",
        "it does not exist, or belongs to another tenant (never a 403 for that)",
    ),
    (
        "common",
        405,
        "method-not-allowed",
        "Methode niet toegestaan",
        "Method not allowed",
        "the path has no such method",
    ),
    (
        "common",
        406,
        "not-acceptable",
        "Niet aanvaardbaar",
        "Not acceptable",
        "the `Accept` header cannot be met",
    ),
    ("common", 409, "conflict", "Conflict", "Conflict", "the request conflicts with the current state"),
    (
        "common",
        412,
        "precondition-failed",
        "Versie klopt niet meer",
        "Precondition failed",
        "`If-Match` names a version that is no longer current: reload and retry",
    ),
    (
        "common",
        413,
        "payload-too-large",
        "Verzoek te groot",
        "Payload too large",
        "the body is over the service's limit (1 MiB by default, `DIALOOG_<SERVICE>_MAX_BODY_BYTES`; "
        "an import file over organisatie's import limit)",
    ),
    (
        "common",
        415,
        "unsupported-media-type",
        "Mediatype niet ondersteund",
        "Unsupported media type",
        "the body's content type is not one the route reads",
    ),
    (
        "common",
        422,
        "validation",
        "Ongeldige invoer",
        "Invalid input",
        "a field, path or query parameter is wrong; `errors[]` names each field",
    ),
    (
        "common",
        422,
        "rule",
        "Voldoet niet aan een regel",
        "Breaks a rule",
        "the fields have the shape the schema gives, but a rule the schema cannot say refuses them "
        "(keys that must be unique, a reference to something unknown, a maximum below its minimum, an "
        "e-mail address that cannot exist); `errors[]` names each field",
    ),
    (
        "common",
        422,
        "invalid-text",
        "Ongeldige tekst",
        "Invalid text",
        "text with a NUL character or a lone surrogate (PostgreSQL cannot store it) in the path, the "
        "query or the body; `errors[]` names where; refused before any route runs",
    ),
    (
        "common",
        422,
        "invalid-cursor",
        "Ongeldige cursor",
        "Invalid cursor",
        "a list's `cursor` is damaged or belongs to another list: start again without one",
    ),
    (
        "common",
        422,
        "audit-range-reversed",
        "Einddatum voor begindatum",
        "End date before start date",
        "an audit trail search whose `to` date lies before its `from` date",
    ),
    (
        "common",
        422,
        "invalid-value",
        "Ongeldige waarde",
        "Invalid value",
        "a value that passed the edge does not fit its database column (the last line of defence; "
        "nothing is written)",
    ),
    (
        "common",
        428,
        "precondition-required",
        "If-Match ontbreekt",
        "Precondition required",
        "a write without `If-Match`",
    ),
    (
        "common",
        429,
        "rate-limited",
        "Te veel verzoeken",
        "Too many requests",
        "a limit against misuse is reached (outsider invitations per day, reminders per day); "
        "`Retry-After` says when it is possible again; nothing was done",
    ),
    (
        "common",
        500,
        "internal",
        "Interne fout",
        "Internal error",
        "a bug; logged with its trace, nothing internal in the response",
    ),
    (
        "common",
        503,
        "unavailable",
        "Tijdelijk niet beschikbaar",
        "Service unavailable",
        "the service cannot answer now; retry later",
    ),
    (
        "common",
        503,
        "not-ready",
        "Nog niet gereed",
        "Not ready",
        "`/readyz`: a dependency is unreachable (`checks` says which)",
    ),
    (
        "common",
        503,
        "dependency-unavailable",
        "Tijdelijk niet beschikbaar",
        "Temporarily unavailable",
        "the database, Keycloak or another service does not answer (`dependency` says which); "
        "`Retry-After` says when to try again; the service recovers by itself",
    ),
    # --- objections (kit.objections) ---------------------------------------------------------
    (
        "objections",
        422,
        "objection-late",
        "Bezwaartermijn verstreken",
        "Objection term has passed",
        "the objection term after the letter has passed; the detail names the last day (in Dutch "
        "notation in Dutch), `last_day` carries it as `YYYY-MM-DD`",
    ),
    (
        "objections",
        409,
        "objection-transition",
        "Deze stap kan niet",
        "Transition not allowed",
        "an objection state that does not follow (received -> in progress -> upheld/rejected; "
        "withdrawn from either)",
    ),
    # --- organisatie -------------------------------------------------------------------------
    (
        "organisatie",
        422,
        "effective-from-past",
        "Datum ligt in het verleden",
        "Date in the past",
        "a new cycle version would take effect before today: work in progress keeps the version it "
        "started under, so changes apply from today on",
    ),
    (
        "organisatie",
        422,
        "person-rule",
        "Klopt niet met de andere gegevens",
        "Does not fit the other data",
        "a person's roles, dates, org unit, manager or delegate do not fit (an unknown unit or person, "
        "probation ending before the appointment starts, someone managing themselves); `errors[]` names the field",
    ),
    (
        "organisatie",
        422,
        "cycle-source",
        "Definitie of voorinstelling nodig",
        "Definition or preset needed",
        "a new cycle version gives both or neither of `definition` and `preset`",
    ),
    (
        "organisatie",
        404,
        "tenant-not-found",
        "Organisatie niet gevonden",
        "Tenant not found",
        "no such tenant",
    ),
    (
        "organisatie",
        404,
        "cycle-not-found",
        "Cyclusdefinitie niet gevonden",
        "Cycle definition not found",
        "the tenant has no cycle definition in force",
    ),
    (
        "organisatie",
        404,
        "cycle-version-not-found",
        "Versie niet gevonden",
        "Version not found",
        "no cycle version with that number",
    ),
    (
        "organisatie",
        404,
        "org-unit-not-found",
        "Afdeling niet gevonden",
        "Org unit not found",
        "no such org unit",
    ),
    (
        "organisatie",
        404,
        "person-not-found",
        "Persoon niet gevonden",
        "Person not found",
        "no such person, or not one the caller may see",
    ),
    (
        "organisatie",
        404,
        "import-not-found",
        "Import niet gevonden",
        "Import not found",
        "no such import job",
    ),
    (
        "organisatie",
        409,
        "tenant-exists",
        "Organisatie bestaat al",
        "Tenant exists",
        "a tenant with that id exists",
    ),
    (
        "organisatie",
        409,
        "employee-number-taken",
        "Personeelsnummer bestaat al",
        "Employee number taken",
        "another person has that employee number",
    ),
    (
        "organisatie",
        409,
        "reporting-line-changed",
        "Leidinggevende tegelijk gewijzigd",
        "Manager changed concurrently",
        "someone else changed the person's manager at the same moment",
    ),
    (
        "organisatie",
        422,
        "parent-not-found",
        "Bovenliggende afdeling bestaat niet",
        "Parent org unit does not exist",
        "an org unit's parent does not exist",
    ),
    (
        "organisatie",
        422,
        "import-file-unreadable",
        "Bestand niet leesbaar",
        "File cannot be read",
        "the import file as a whole cannot be read (encoding, header, size); rows with errors are in the report instead",
    ),
    # --- portfolio ---------------------------------------------------------------------------
    (
        "portfolio",
        404,
        "portfolio-not-found",
        "Portfolio niet gevonden",
        "Portfolio not found",
        "the portfolio, or something in it, does not exist or is not the caller's to see",
    ),
    (
        "portfolio",
        404,
        "competency-not-found",
        "Competentie niet gevonden",
        "Competency not found",
        "no such competency in the catalogue",
    ),
    (
        "portfolio",
        409,
        "period-locked",
        "Periode is definitief",
        "Period is locked",
        "a change after the definitive moment (only a reaction can still be added)",
    ),
    (
        "portfolio",
        409,
        "decision-established",
        "Er is al een besluit",
        "A decision was made",
        "changing an agreement on which a decision has been established",
    ),
    (
        "portfolio",
        409,
        "decision-state",
        "Kan nu niet",
        "Not possible now",
        "establishing a decision twice, or objecting before it is established",
    ),
    (
        "portfolio",
        409,
        "assessment-state",
        "Kan nu niet",
        "Not possible now",
        "an assessment step out of order (requested -> held -> established)",
    ),
    (
        "portfolio",
        409,
        "competency-exists",
        "Competentie bestaat al",
        "Competency exists",
        "the catalogue already has a competency with that key",
    ),
    (
        "portfolio",
        409,
        "competency-chosen",
        "Al gekozen",
        "Already chosen",
        "the competency is already chosen in this period",
    ),
    (
        "portfolio",
        413,
        "attachment-too-large",
        "Bestand te groot",
        "File too large",
        "an attachment over the limit (`max_bytes`)",
    ),
    (
        "portfolio",
        415,
        "attachment-type",
        "Soort bestand niet toegestaan",
        "File type not accepted",
        "an attachment whose content is not PDF, PNG, JPEG, DOCX or ODT",
    ),
    ("portfolio", 422, "attachment-empty", "Leeg bestand", "Empty file", "an empty attachment"),
    (
        "portfolio",
        422,
        "cycle-rule",
        "Past niet in de gesprekscyclus",
        "Not allowed by the cycle",
        "the tenant's cycle does not allow it (talk type, fields, conclusion, reaction, escalation, "
        "probation); `errors[]` names the field",
    ),
    (
        "portfolio",
        503,
        "cycle-unknown",
        "Cyclus nog niet bekend",
        "Cycle not known yet",
        "portfolio has not yet received the tenant's cycle definition from organisatie",
    ),
    # --- salaris -----------------------------------------------------------------------------
    (
        "salaris",
        404,
        "round-not-found",
        "Salarisronde niet gevonden",
        "Salary round not found",
        "no round of that year",
    ),
    (
        "salaris",
        404,
        "decision-not-found",
        "Besluit niet gevonden",
        "Decision not found",
        "it does not exist, or is not the caller's to see (an employee sees a decision only with its letter)",
    ),
    (
        "salaris",
        404,
        "letter-not-found",
        "Brief niet gevonden",
        "Letter not found",
        "no such letter of that decision",
    ),
    (
        "salaris",
        404,
        "objection-not-found",
        "Bezwaar niet gevonden",
        "Objection not found",
        "no such objection",
    ),
    (
        "salaris",
        409,
        "round-exists",
        "Er is al een salarisronde",
        "A salary round exists",
        "the round of that year is already open (`round_id` names it)",
    ),
    (
        "salaris",
        409,
        "round-not-deciding",
        "Besluiten kan nu niet",
        "Deciding is closed",
        "deciding, sending back or approving while the round is approved or still being prepared",
    ),
    (
        "salaris",
        409,
        "decisions-open",
        "Er staan nog besluiten open",
        "Decisions are still open",
        "approving while decisions are open or sent back (`open` counts them)",
    ),
    (
        "salaris",
        409,
        "decision-not-decided",
        "Terugsturen kan niet",
        "Cannot send back",
        "sending back a decision that has no outcome yet",
    ),
    (
        "salaris",
        409,
        "objection-exists",
        "Bezwaar is al ingediend",
        "Objection already filed",
        "a second objection against the same version of a decision",
    ),
    (
        "salaris",
        422,
        "round-rule",
        "Ronde voldoet niet aan de regels",
        "Round breaks a rule",
        "a new round's year is not this year, the last or the next; its guidelines are missing while "
        "the cycle requires them; or its deadline is in the past or not before the reference date; "
        "`errors[]` names `body.year`, `body.guidelines` or `body.deadline`",
    ),
    (
        "salaris",
        422,
        "scale-amounts",
        "Bedragen van de schaal kloppen niet",
        "Scale amounts do not add up",
        "a salary scale's steps do not each pay more than the one before",
    ),
    (
        "salaris",
        422,
        "motivation",
        "Motivering schiet tekort",
        "Motivation falls short",
        "the motivation is empty, too general (boilerplate) or copied between parts, or a decision "
        "against the reward advice lacks `deviation_reason`; `errors[]` names `body.motivation.results`, "
        "`.behaviour`, `.development` or `body.deviation_reason`",
    ),
    (
        "salaris",
        422,
        "csv-header",
        "Kolommen ontbreken",
        "Columns missing",
        "an import file lacks columns (the detail lists the expected header), or is not readable CSV",
    ),
    # --- feedback ----------------------------------------------------------------------------
    (
        "feedback",
        404,
        "feedback-request-not-found",
        "Feedbackverzoek niet gevonden",
        "Feedback request not found",
        "no such request, or not the caller's own (only the requester sees her request)",
    ),
    (
        "feedback",
        404,
        "feedback-assignment-not-found",
        "Feedbackvraag niet gevonden",
        "Feedback assignment not found",
        "no such request addressed to the caller",
    ),
    (
        "feedback",
        404,
        "question-set-not-found",
        "Vragenset niet gevonden",
        "Question set not found",
        "no such question set",
    ),
    (
        "feedback",
        404,
        "feedback-link-invalid",
        "Ongeldige link",
        "Invalid link",
        "the personal link is altered, incomplete or not one of ours",
    ),
    (
        "feedback",
        410,
        "feedback-link-expired",
        "Link verlopen",
        "Link expired",
        "the personal link, or the request it belongs to, has passed its date",
    ),
    (
        "feedback",
        409,
        "feedback-link-spent",
        "Al beantwoord",
        "Already answered",
        "the personal link was used: answered, withdrawn or declined",
    ),
    (
        "feedback",
        409,
        "feedback-request-closed",
        "Verzoek gesloten",
        "Request closed",
        "the request is closed or past its deadline",
    ),
    (
        "feedback",
        409,
        "feedback-state",
        "Kan nu niet",
        "Not possible now",
        "a giver's step that does not follow (answering after declining, a draft after answering)",
    ),
    (
        "feedback",
        422,
        "feedback-rule",
        "Past niet in de regels voor feedback",
        "Breaks a feedback rule",
        "outsiders while the cycle allows none, fewer givers than the anonymity threshold, an "
        "address that asked never to be invited, the requester or a giver twice among the givers, a "
        "deadline outside today..+90 days, an answer that does not fit its question; `errors[]` names "
        "the field",
    ),
    # --- notificaties ---------------------------------------------------------------------------
    (
        "notificaties",
        404,
        "unsubscribe-link-invalid",
        "Afmeldlink ongeldig",
        "Unsubscribe link invalid",
        "the one-click unsubscribe token is altered, incomplete, signed with an unknown key or names no one",
    ),
    # --- reminders (notificaties, ADR 0030) --------------------------------------------------
    (
        "notificaties",
        422,
        "reminder-offset-too-late",
        "Herinnering te laat",
        "Reminder too late",
        "an offset after the last day a reminder of that kind can still help (a feedback request's "
        "deadline, the last day to object, the end of the period); `errors[]` names the kind",
    ),
    (
        "notificaties",
        422,
        "reminder-audience-not-for-kind",
        "Ontvangers passen niet bij deze herinnering",
        "Recipients do not fit this reminder",
        "an `audience` the kind of reminder does not have (a feedback reminder goes to givers and/or "
        "the requester, an objection term's to the employee)",
    ),
    # --- webhooks (notificaties, ADR 0026) ---------------------------------------------------
    (
        "webhooks",
        404,
        "webhook-not-found",
        "Webhook niet gevonden",
        "Webhook not found",
        "no such webhook endpoint in the caller's organisation",
    ),
    (
        "webhooks",
        404,
        "webhook-delivery-not-found",
        "Aflevering niet gevonden",
        "Delivery not found",
        "no such delivery of this webhook endpoint",
    ),
    (
        "webhooks",
        422,
        "webhook-url-refused",
        "Dit adres ontvangt geen webhooks",
        "This address does not receive webhooks",
        "the URL is not https (outside development), carries a user or password or a fragment, names "
        "a private, loopback, link-local or unique-local address (also after DNS), or cannot be found",
    ),
    (
        "webhooks",
        422,
        "webhook-event-type-unknown",
        "Onbekend gebeurtenistype",
        "Unknown event type",
        "`event_types` names a type that is not in GET /v1/webhooks/event-types",
    ),
    (
        "webhooks",
        409,
        "webhook-disabled",
        "Webhook staat uit",
        "Webhook disabled",
        "a test or a redelivery for an endpoint that is disabled (`disabled_reason` says why); enable it first",
    ),
    (
        "webhooks",
        409,
        "webhook-limit",
        "Te veel webhooks",
        "Too many webhooks",
        "the organisation has as many webhook endpoints as allowed (`webhook_max_endpoints`)",
    ),
    # --- portal ------------------------------------------------------------------------------
    (
        "portal",
        403,
        "csrf",
        "Formulier verlopen",
        "Form expired",
        "a form post without the page's CSRF token (reload the page)",
    ),
)

CODES: dict[str, Code] = {}
for _area, _status, _code, _nl, _en, _when in _ROWS:
    if _code in CODES:
        raise ValueError(f"problem code {_code!r} registered twice")
    CODES[_code] = Code(_code, _status, Text(_nl, _en), _when, _area)


def code(name: str) -> Code:
    try:
        return CODES[name]
    except KeyError:
        raise KeyError(f"problem code {name!r} is not registered in dialoog.kit.problems") from None


def problem(
    name: str, detail: Text | None = None, *, headers: dict[str, str] | None = None, **extra: Any
) -> Problem:
    """The problem `name` with its registered status and title, this case's detail, and any extra
    members of the body (`errors`, `round_id`, ...)."""
    found = code(name)
    return Problem(found.status, found.code, found.title, detail, dict(extra), headers)


def _of_status(name: str, status: int) -> Code:
    found = code(name)
    if found.status != status:
        raise ValueError(f"problem code {name!r} is a {found.status}, not a {status}")
    return found


def not_found(name: str = "not-found") -> Problem:
    """404. Also when the object exists but is not the caller's to see: its existence is not revealed."""
    _of_status(name, 404)
    return problem(name)


def forbidden(nl: str, en: str) -> Problem:
    """403 `forbidden`; the detail says who may."""
    return problem("forbidden", Text(nl, en))


def conflict(name: str, nl: str, en: str, **extra: Any) -> Problem:
    """409: the request does not fit the object's current state."""
    _of_status(name, 409)
    return problem(name, Text(nl, en), **extra)


def invalid(
    errors: list[tuple[str, str, str]], name: str = "validation", *, kind: str | None = None, **extra: Any
) -> Problem:
    """422 with `errors[]`: one (field, Dutch reason, English reason) per wrong field; `field` as
    the request names it (`body.name`, `query.limit`). The detail joins the reasons."""
    _of_status(name, 422)
    detail = Text("; ".join(nl for _, nl, _ in errors), "; ".join(en for _, _, en in errors))
    fields = [field_error(f, nl, en, kind or name) for f, nl, en in errors]
    return problem(name, detail, errors=fields, **extra)


def invalid_field(field: str, nl: str, en: str, name: str = "validation") -> Problem:
    """422 about one field."""
    return invalid([(field, nl, en)], name)
