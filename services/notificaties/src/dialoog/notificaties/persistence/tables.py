"""The notificaties database: the projection of organisatie it resolves recipients from (people,
units, reporting lines, the tenant's name, which employee an object belongs to), the notifications
(one per event and recipient), the e-mail state of each, preferences and tenant defaults, digests,
and the outboxes (events, mail). Every tenant table has `tenant_id` and forced row level security."""

from sqlalchemy import (
    ARRAY,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from dialoog.kit.events.tables import inbox_table, outbox_table
from dialoog.kit.mail.tables import mail_outbox_table
from dialoog.kit.projections import org_units_table, reporting_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
mail_outbox = mail_outbox_table(metadata)


def _created() -> Column:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


# --- projections of organisatie ----------------------------------------------------------------
people = Table(
    "people",
    metadata,
    Column("person_id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_number", Text, nullable=False),
    Column("display_name", Text, nullable=True),
    Column("email", Text, nullable=True),
    Column("org_unit_id", UUID(as_uuid=True), nullable=True),
    Column("roles", ARRAY(Text), nullable=False),
    Column("source_version", Integer, nullable=False),
)
org_units = org_units_table(metadata, named=False)
reporting = reporting_table(metadata)

tenants = Table(  # the tenant's name and branding (ADR 0037), for the mails
    "tenants",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("name", Text, nullable=True),
    Column("primary_color", Text, nullable=True),
    Column("accent_color", Text, nullable=True),
    Column("mail_name", Text, nullable=True),
    Column("branding_version", Integer, nullable=False, server_default="0"),
)

subjects = Table(  # which employee an object (an assessment, a decision) belongs to, from events
    "subjects",
    metadata,
    Column("object_id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_id", UUID(as_uuid=True), nullable=False),
)

# --- notifications -----------------------------------------------------------------------------
notifications = Table(  # one per (event, recipient): the in-app item
    "notifications",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),  # uuid5 of event id and recipient
    Column("tenant_id", Text, nullable=False),
    Column("event_id", Text, nullable=False),
    Column("recipient_id", UUID(as_uuid=True), nullable=False),
    Column("kind", Text, nullable=False),  # the rule's key, e.g. salaris.round.tasks_assigned
    Column("category", Text, nullable=False),
    Column("link", Text, nullable=False),  # a portal path
    Column("params", JSONB, nullable=False, server_default="{}"),  # what the template may say
    Column("read_at", DateTime(timezone=True), nullable=True),
    _created(),
    UniqueConstraint("event_id", "recipient_id", name="uq_notifications_event_recipient"),
)

notification_emails = Table(  # the e-mail channel of a notification
    "notification_emails",
    metadata,
    Column("notification_id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("recipient_id", UUID(as_uuid=True), nullable=False),
    # immediate (queued at once) | held (for a digest at due_at) | suppressed | digested | no_address
    Column("state", Text, nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=True),  # held: the digest's moment
    Column("message_id", Text, nullable=True),  # immediate: its own; digested: the digest's
    Column("digest_id", UUID(as_uuid=True), nullable=True),
    _created(),
)

preferences = Table(  # a person's choices; only what she set (the rest comes from the defaults)
    "preferences",
    metadata,
    Column("person_id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("settings", JSONB, nullable=False, server_default="{}"),
    Column("version", Integer, nullable=False, server_default="1"),
)

tenant_defaults = Table(  # the tenant admin's defaults for everyone
    "tenant_defaults",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("settings", JSONB, nullable=False, server_default="{}"),
    Column("version", Integer, nullable=False, server_default="1"),
)

digests = Table(  # one mail with a person's held items
    "digests",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),  # uuid5 of person and due moment
    Column("tenant_id", Text, nullable=False),
    Column("recipient_id", UUID(as_uuid=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("items", Integer, nullable=False),
    Column("message_id", Text, nullable=False),
    _created(),
)

# --- reminders (ADR 0030) ----------------------------------------------------------------------
reminder_settings = Table(  # the tenant admin's offsets and audiences per reminder kind
    "reminder_settings",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("settings", JSONB, nullable=False, server_default="{}"),
    Column("version", Integer, nullable=False, server_default="1"),
)

reminder_subjects = Table(  # what a reminder is about: a feedback request, a letter, a cycle year
    "reminder_subjects",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("kind", Text, primary_key=True),  # domain.reminders.KINDS
    Column("subject_id", Text, primary_key=True),  # a request/decision/assessment id, or a year
    Column("anchor", Date, nullable=False),  # the deadline, the last day to object, ...
    Column("known_at", DateTime(timezone=True), nullable=False),  # from when it was known
    Column("data", JSONB, nullable=False, server_default="{}"),  # who is involved (ids only)
    Column("closed_at", DateTime(timezone=True), nullable=True),  # no more reminders (fulfilled)
)

reminder_done = Table(  # who has done what a subject asks (a giver answered or declined)
    "reminder_done",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("subject_id", Text, primary_key=True),
    Column("person_id", UUID(as_uuid=True), primary_key=True),
)

cycle_talks = Table(  # which talks (and conclusions) an employee had in which year, from portfolio
    "cycle_talks",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("employee_id", UUID(as_uuid=True), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("talk_type", Text, primary_key=True),  # a talk type's key, or "conclusion"
)

tenant_cycles = Table(  # the tenant's current cycle definition, from organisatie
    "tenant_cycles",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("number", Integer, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("definition", JSONB, nullable=False, server_default="{}"),
)

reminder_log = Table(  # each moment sent or skipped, once (unique per subject and offset)
    "reminder_log",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("subject_id", Text, primary_key=True),
    Column("moment_key", Text, primary_key=True),  # "-7d"
    Column("moment_at", DateTime(timezone=True), nullable=False),
    Column("fate", Text, nullable=False),  # sent | before_known | superseded | not_needed
    Column("recipients", Integer, nullable=False, server_default="0"),
    _created(),
)
