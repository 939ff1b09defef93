"""The organisatie database. Every tenant table has `tenant_id` and forced row level security
(see migrations); `tenants` also admits platform administration (ADR 0008)."""

from sqlalchemy import (
    ARRAY,
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

from dialoog.kit.events.tables import inbox_table, outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)


def _timestamps() -> list[Column]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


tenants = Table(
    "tenants",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("domain", Text, nullable=True),
    Column("status", Text, nullable=False, server_default="provisioning"),
    Column("keycloak_org_id", Text, nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    *_timestamps(),
    # The tenant's branding (ADR 0037): `#rrggbb` in lower case, or null for the default look.
    Column("primary_color", Text, nullable=True),
    Column("accent_color", Text, nullable=True),
    Column("mail_name", Text, nullable=True),
)

cycle_versions = Table(
    "cycle_versions",
    metadata,
    Column("tenant_id", Text, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("effective_from", Date, nullable=False),
    Column("preset", Text, nullable=False),
    Column("definition", JSONB, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

org_units = Table(
    "org_units",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("parent_id", UUID(as_uuid=True), ForeignKey("org_units.id"), nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    *_timestamps(),
)

people = Table(
    "people",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_number", Text, nullable=False),
    Column("first_name", Text, nullable=False),
    Column("last_name", Text, nullable=False),
    Column("email", Text, nullable=False),
    Column("date_of_birth", Date, nullable=True),
    Column("appointment_start", Date, nullable=True),
    Column("probation_end", Date, nullable=True),
    Column("org_unit_id", UUID(as_uuid=True), ForeignKey("org_units.id"), nullable=True),
    Column("roles", ARRAY(Text), nullable=False, server_default="{employee}"),
    Column("keycloak_user_id", Text, nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    *_timestamps(),
)

reporting_lines = Table(
    "reporting_lines",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("employee_id", UUID(as_uuid=True), ForeignKey("people.id"), nullable=False),
    Column("manager_id", UUID(as_uuid=True), ForeignKey("people.id"), nullable=False),
    Column("delegate_id", UUID(as_uuid=True), ForeignKey("people.id"), nullable=True),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

imports = Table(
    "imports",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="running"),
    Column("filename", Text, nullable=True),
    Column("content", LargeBinary, nullable=False),
    Column("total", Integer, nullable=False, server_default="0"),
    Column("processed", Integer, nullable=False, server_default="0"),
    Column("created", Integer, nullable=False, server_default="0"),
    Column("updated", Integer, nullable=False, server_default="0"),
    Column("unchanged", Integer, nullable=False, server_default="0"),
    Column("failed", Integer, nullable=False, server_default="0"),
    Column("report", JSONB, nullable=False, server_default="[]"),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)
