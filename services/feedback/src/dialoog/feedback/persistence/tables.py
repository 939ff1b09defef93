"""The feedback database: requests, their givers (colleagues and outsiders), answers, shares, the
opt-outs of outsiders (a keyed hash of the address), question sets, the tenant's feedback settings,
and a projection of organisatie (people, units, reporting lines, the cycle's feedback options).
Every table has `tenant_id` and forced row level security."""

from sqlalchemy import (
    ARRAY,
    Boolean,
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
org_units = org_units_table(metadata, named=True)
reporting = reporting_table(metadata)

cycle_settings = Table(  # the `feedback` options of each cycle version
    "cycle_settings",
    metadata,
    Column("tenant_id", Text, nullable=False, primary_key=True),
    Column("number", Integer, nullable=False, primary_key=True),
    Column("effective_from", Date, nullable=False),
    Column("feedback", JSONB, nullable=False),
)

tenant_settings = Table(  # the tenant's name (from organisatie), its colours and retention
    "tenant_settings",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("name", Text, nullable=True),
    Column("colours", JSONB, nullable=True),
    Column("retention_months", Integer, nullable=False, server_default="12"),
    Column("version", Integer, nullable=False, server_default="1"),
)

# --- feedback --------------------------------------------------------------------------------
feedback_requests = Table(
    "feedback_requests",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False, index=True),
    Column("requester_id", UUID(as_uuid=True), nullable=False),
    Column("requester_unit_id", UUID(as_uuid=True), nullable=True),
    Column("purpose", Text, nullable=False),
    Column("questions", JSONB, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("self_reflection", Boolean, nullable=False),
    Column("threshold", Integer, nullable=False),
    Column("state", Text, nullable=False, server_default="open"),  # open | closed | expired
    Column("created_on", Date, nullable=False),
    Column("last_reminded_on", Date, nullable=True),
    Column("answers_deleted_on", Date, nullable=True),  # retention ran
    Column("version", Integer, nullable=False, server_default="1"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

feedback_givers = Table(  # one per person asked: a colleague (person_id) or an outsider (address)
    "feedback_givers",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),  # the invitation id a link names
    Column("tenant_id", Text, nullable=False),
    Column("request_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("kind", Text, nullable=False),  # colleague | outsider
    Column("grp", Text, nullable=False),  # colleagues | outsiders | manager
    Column("person_id", UUID(as_uuid=True), nullable=True),
    Column("name", Text, nullable=False),
    Column("email", Text, nullable=True),  # an outsider's, until retention or opt-out
    Column("state", Text, nullable=False, server_default="asked"),
    Column("decline_reason", Text, nullable=True),
    Column("draft", JSONB, nullable=True),
    Column("invited_on", Date, nullable=False),
    Column("link_expires_at", DateTime(timezone=True), nullable=True),
    Column("message_ids", ARRAY(Text), nullable=False, server_default="{}"),
    Column("version", Integer, nullable=False, server_default="1"),
    UniqueConstraint("request_id", "person_id"),
    UniqueConstraint("request_id", "email"),
)

feedback_answers = Table(  # no timestamps: an answer's time would tell who wrote it
    "feedback_answers",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("request_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("giver_id", UUID(as_uuid=True), nullable=True),  # null: the requester's self-reflection
    Column("question_key", Text, nullable=False),
    Column("text", Text, nullable=True),
    Column("rating", Integer, nullable=True),
    Column("comment", Text, nullable=True),
)

feedback_shares = Table(  # what the requester added to her portfolio: immutable
    "feedback_shares",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),  # the feedback_id of feedback.shared
    Column("tenant_id", Text, nullable=False),
    Column("request_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("answer_id", UUID(as_uuid=True), nullable=True, unique=True),
    Column("kind", Text, nullable=False),  # answer | summary
    Column("text", Text, nullable=False),
    _created(),
)

opt_outs = Table(  # addresses that must never be invited again, as a keyed hash
    "feedback_opt_outs",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("address_hash", Text, primary_key=True),
    _created(),
)

question_sets = Table(
    "question_sets",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("name", JSONB, nullable=False),
    Column("questions", JSONB, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    _created(),
)
