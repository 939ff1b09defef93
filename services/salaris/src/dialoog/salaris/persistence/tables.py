"""The salaris database: projections of organisatie (people, units, reporting lines, cycle
settings) and portfolio (reward advice), salary scales and each employee's step with history, the
year-end rounds with their decisions, letters and objections, and the audit trail.
Every table has `tenant_id` and forced row level security."""

from sqlalchemy import (
    ARRAY,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from dialoog.kit.audit import audit_table, checkpoint_table
from dialoog.kit.events.tables import inbox_table, outbox_table
from dialoog.kit.projections import org_units_table, reporting_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
audit_log = audit_table(metadata)
audit_checkpoints = checkpoint_table(metadata)  # the chain checks' marks (ADR 0042)


def _now() -> Column:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


# --- projections ------------------------------------------------------------------------------
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
    Column("probation_end", Date, nullable=True),
    Column("source_version", Integer, nullable=False),
)

org_units = org_units_table(metadata, named=True)
reporting = reporting_table(metadata)

cycle_settings = Table(  # the salary_round part of each cycle version
    "cycle_settings",
    metadata,
    Column("tenant_id", Text, nullable=False, primary_key=True),
    Column("number", Integer, nullable=False, primary_key=True),
    Column("effective_from", Date, nullable=False),
    Column("preset", Text, nullable=False),
    Column("salary_round", JSONB, nullable=False),
    Column("conclusion_scale", JSONB, nullable=True),  # the definition's, when it has conclusions
)

reward_advices = Table(
    "reward_advices",
    metadata,
    Column("employee_id", UUID(as_uuid=True), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("level", Text, nullable=False),
    Column("reward_advice", Text, nullable=True),
    Column("advised_outcome", Text, nullable=True),  # yes | no, from the cycle's conclusion levels
    Column("talk_id", UUID(as_uuid=True), nullable=False),
)

# --- salary data ------------------------------------------------------------------------------
salary_scales = Table(
    "salary_scales",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("name", Text, nullable=False),  # the scale, e.g. "8"
    Column("valid_from", Date, nullable=False),
    Column("amounts", ARRAY(Integer), nullable=False),  # monthly gross in cents, index = step
    Column("version", Integer, nullable=False, server_default="1"),
    _now(),
    UniqueConstraint("tenant_id", "name", "valid_from"),
)

employee_steps = Table(
    "employee_steps",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("person_id", UUID(as_uuid=True), nullable=False),
    Column("scale", Text, nullable=False),
    Column("step", Integer, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("source", Text, nullable=False),  # import | round | objection
    Column("decision_id", UUID(as_uuid=True), nullable=True),
    _now(),
    UniqueConstraint("person_id", "valid_from"),
)

salary_settings = Table(  # the tenant's own rules and its letter template
    "salary_settings",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("probation_eligible", Boolean, nullable=False, server_default="false"),
    Column("organisation_name", Text, nullable=False),
    Column("signatory_name", Text, nullable=False),
    Column("signatory_title", Text, nullable=False),
    Column("objection_address", Text, nullable=False),
    Column("intro", Text, nullable=False),
    Column("closing", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
)

# --- the round --------------------------------------------------------------------------------
rounds = Table(
    "rounds",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("guidelines", Text, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("reminder_days", ARRAY(Integer), nullable=False),
    Column("reference_date", Date, nullable=False),
    Column("workflow_id", Text, nullable=False),
    Column("opened_by", Text, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("approved_by", Text, nullable=True),
    Column("approved_at", DateTime(timezone=True), nullable=True),
    Column("eligible", Integer, nullable=False, server_default="0"),
    Column("reminders_sent", ARRAY(Date), nullable=False, server_default="{}"),
    Column("version", Integer, nullable=False, server_default="1"),
    UniqueConstraint("tenant_id", "year"),
)

round_reminders = Table(  # each reminder of a round: sent or skipped, when, to how many (ADR 0013)
    "round_reminders",
    metadata,
    Column("tenant_id", Text, nullable=False),
    Column("round_id", UUID(as_uuid=True), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("status", Text, nullable=False),  # sent | skipped_announced | skipped_superseded
    Column("managers", Integer, nullable=False, server_default="0"),
    Column("recorded_at", DateTime(timezone=True), nullable=True),
    _now(),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("round_id", UUID(as_uuid=True), nullable=False),
    Column("employee_id", UUID(as_uuid=True), nullable=False),
    Column("unit_id", UUID(as_uuid=True), nullable=True),
    Column("manager_id", UUID(as_uuid=True), nullable=True),
    Column("delegate_id", UUID(as_uuid=True), nullable=True),
    Column("status", Text, nullable=False, server_default="open"),  # open|decided|returned|approved
    Column("escalated", Boolean, nullable=False, server_default="false"),
    Column("outcome", Text, nullable=True),  # yes | no
    Column("motivation", JSONB, nullable=True),
    Column("reward_advice", Text, nullable=True),
    Column("advised_outcome", Text, nullable=True),  # yes | no, from the cycle's conclusion levels
    Column("deviation_reason", Text, nullable=True),
    Column("hr_comment", Text, nullable=True),
    Column("scale", Text, nullable=False),
    Column("step", Integer, nullable=False),
    Column("max_step", Integer, nullable=False),
    Column("decision_version", Integer, nullable=False, server_default="0"),
    Column("decided_by", Text, nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("applied", Boolean, nullable=False, server_default="false"),
    Column("final", Boolean, nullable=False, server_default="false"),
    Column("version", Integer, nullable=False, server_default="1"),
    UniqueConstraint("round_id", "employee_id"),
)

letters = Table(
    "letters",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("decision_id", UUID(as_uuid=True), nullable=False),
    Column("decision_version", Integer, nullable=False),
    Column("sent_on", Date, nullable=False),
    Column("objection_deadline", Date, nullable=False),
    Column("pdf", LargeBinary, nullable=False),
    _now(),
    UniqueConstraint("decision_id", "decision_version"),
)

objections = Table(
    "objections",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("decision_id", UUID(as_uuid=True), nullable=False),
    Column("decision_version", Integer, nullable=False),
    Column("employee_id", UUID(as_uuid=True), nullable=False),
    Column("filed_on", Date, nullable=False),
    Column("grounds", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("resolution", Text, nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    _now(),
    UniqueConstraint("decision_id", "decision_version"),
)
