"""The portfolio database: projections of organisatie (people, units, reporting lines, cycle
versions), and the portfolio itself (periods, agreements, talks) with its audit trail.
Every table has `tenant_id` and forced RLS."""

from sqlalchemy import (
    ARRAY,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from dialoog.kit.audit import audit_table, checkpoint_table
from dialoog.kit.events.tables import inbox_table, outbox_table
from dialoog.kit.projections import org_units_table, reporting_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)


def _stamps() -> list[Column]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


portfolios = Table(  # from 0001; kept as the list of employees that have a portfolio
    "portfolios",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_id", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

people = Table(
    "people",
    metadata,
    Column("person_id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("email", Text, nullable=True),
    Column("org_unit_id", UUID(as_uuid=True), nullable=True),
    Column("roles", ARRAY(Text), nullable=False),
    Column("date_of_birth", Date, nullable=True),
    Column("appointment_start", Date, nullable=True),
    Column("probation_end", Date, nullable=True),
    Column("source_version", Integer, nullable=False),
)

org_units = org_units_table(metadata, named=False)
reporting = reporting_table(metadata)

cycle_versions = Table(
    "cycle_versions",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("effective_from", Date, nullable=False),
    Column("definition", JSONB, nullable=False),
)

periods = Table(
    "periods",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_id", UUID(as_uuid=True), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("cycle_version", Integer, nullable=False),
    Column("status", Text, nullable=False, server_default="open"),
    Column("locked_at", DateTime(timezone=True), nullable=True),
    Column("locked_by", Text, nullable=True),
    Column("snapshot", JSONB, nullable=True),
    Column("snapshot_hash", Text, nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    *_stamps(),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("period_id", UUID(as_uuid=True), nullable=False),
    Column("kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("how_measured", Text, nullable=True),
    Column("due_on", Date, nullable=True),
    Column("about", Text, nullable=False, server_default="content"),
    Column("goal", Text, nullable=True),
    Column("legal_consequences", Boolean, nullable=False, server_default="false"),
    Column("talk_id", UUID(as_uuid=True), nullable=True),
    Column("written_by", Text, nullable=False),
    Column("confirmed_by_employee", Boolean, nullable=False, server_default="false"),
    Column("confirmed_by_manager", Boolean, nullable=False, server_default="false"),
    Column("version", Integer, nullable=False, server_default="1"),
    *_stamps(),
)

talks = Table(
    "talks",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("period_id", UUID(as_uuid=True), nullable=False),
    Column("type", Text, nullable=False),
    Column("held_on", Date, nullable=False),
    Column("initiated_by", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_by_person", Text, nullable=False),
    Column("record", JSONB, nullable=False),
    Column("topics", ARRAY(Text), nullable=False, server_default="{}"),
    Column("conclusion", Text, nullable=True),
    Column("reward_advice", Text, nullable=True),
    Column("improvement_plan", Boolean, nullable=False, server_default="false"),
    Column("version", Integer, nullable=False, server_default="1"),
    *_stamps(),
)

reactions = Table(  # append-only: the employee's reactions, also after the definitive moment
    "reactions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("period_id", UUID(as_uuid=True), nullable=False),
    Column("talk_id", UUID(as_uuid=True), nullable=True),
    Column("text", Text, nullable=False),
    Column("written_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

audit_log = audit_table(metadata)  # kit's columns, the same as migration 0003 made them
audit_checkpoints = checkpoint_table(metadata)  # the chain checks' marks (ADR 0042)

assessments = Table(
    "assessments",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_id", UUID(as_uuid=True), nullable=False),
    Column("period_id", UUID(as_uuid=True), ForeignKey("periods.id"), nullable=False),
    Column("requested_by", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="requested"),
    Column("report", Text, nullable=True),
    Column("assessment", Text, nullable=True),
    Column("letter", LargeBinary, nullable=True),
    Column("letter_sent_on", Date, nullable=True),
    Column("objection_weeks", Integer, nullable=False, server_default="6"),
    *_stamps(),
    Column("version", Integer, nullable=False, server_default="1"),
)

decisions = Table(  # the formal decision on an agreement with legal consequences
    "decisions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_id", UUID(as_uuid=True), nullable=False),
    Column("agreement_id", UUID(as_uuid=True), ForeignKey("agreements.id"), nullable=False),
    Column("status", Text, nullable=False, server_default="needed"),
    Column("decision", Text, nullable=True),
    Column("motivation", Text, nullable=True),
    Column("established_by", Text, nullable=True),
    Column("letter", LargeBinary, nullable=True),
    Column("letter_sent_on", Date, nullable=True),
    Column("objection_weeks", Integer, nullable=False, server_default="6"),
    Column("version", Integer, nullable=False, server_default="1"),
    *_stamps(),
)

objections = Table(
    "objections",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("assessment_id", UUID(as_uuid=True), ForeignKey("assessments.id"), nullable=True),
    Column("decision_id", UUID(as_uuid=True), ForeignKey("decisions.id"), nullable=True),
    Column("filed_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="received"),
    Column("version", Integer, nullable=False, server_default="1"),
    *_stamps(),
)

escalations = Table(
    "escalations",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_id", UUID(as_uuid=True), nullable=False),
    Column("raised_by", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("target_person", UUID(as_uuid=True), nullable=True),
    Column("subject", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="open"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

competencies = Table(  # the tenant's catalogue (the tenant admin keeps it)
    "competencies",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("key", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=True),
    Column("active", Boolean, nullable=False, server_default="true"),
    Column("version", Integer, nullable=False, server_default="1"),
    *_stamps(),
)

portfolio_competencies = Table(  # competencies worked on in a period, picked from the catalogue
    "portfolio_competencies",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("period_id", UUID(as_uuid=True), ForeignKey("periods.id"), nullable=False),
    Column("competency_id", UUID(as_uuid=True), ForeignKey("competencies.id"), nullable=False),
    Column("note", Text, nullable=True),
    Column("added_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

attachments = Table(  # files in the portfolio; the content stays here, never in an object store
    "attachments",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("period_id", UUID(as_uuid=True), ForeignKey("periods.id"), nullable=False),
    Column("filename", Text, nullable=False),
    Column("media_type", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("uploaded_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

shared_feedback = Table(  # the feedback archive: read-only, fed by the feedback service's events
    "shared_feedback",
    metadata,
    Column("feedback_id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_id", UUID(as_uuid=True), nullable=False),
    Column("request_id", UUID(as_uuid=True), nullable=False),
    Column("text", Text, nullable=False),
    Column("shared_at", DateTime(timezone=True), nullable=False),
    Column("event_id", Text, nullable=False),
)

salary_letters = Table(  # salary decision letters in the personnel file, from salaris's letter.issued
    "salary_letters",
    metadata,
    Column("letter_id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_id", UUID(as_uuid=True), nullable=False),
    Column("decision_id", UUID(as_uuid=True), nullable=False),
    Column("decision_version", Integer, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("sent_on", Date, nullable=False),
    Column("objection_deadline", Date, nullable=False),
    Column("round_year", Integer, nullable=True),  # from 0011; older events lack it
    Column("event_id", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
