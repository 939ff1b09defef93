"""tenants, cycle versions, people, reporting lines, imports

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from dialoog.kit.rls import enable_tenant_rls, enable_tenant_rls_with_platform_access

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def timestamps():
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    ]


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("domain", sa.Text, nullable=True),
        sa.Column("status", sa.Text, nullable=False, server_default="provisioning"),
        sa.Column("keycloak_org_id", sa.Text, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        *timestamps(),
        sa.CheckConstraint("tenant_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'", name="tenant_key_format"),
    )
    enable_tenant_rls_with_platform_access("tenants")

    op.create_table(
        "cycle_versions",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("preset", sa.Text, nullable=False),
        sa.Column("definition", JSONB, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    enable_tenant_rls("cycle_versions")

    op.create_index("ix_org_units_tenant_name", "org_units", ["tenant_id", "name"])

    op.create_table(
        "people",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("employee_number", sa.Text, nullable=False),
        sa.Column("first_name", sa.Text, nullable=False),
        sa.Column("last_name", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=False),
        sa.Column("date_of_birth", sa.Date, nullable=True),
        sa.Column("appointment_start", sa.Date, nullable=True),
        sa.Column("probation_end", sa.Date, nullable=True),
        sa.Column("org_unit_id", UUID(as_uuid=True), sa.ForeignKey("org_units.id"), nullable=True),
        sa.Column("roles", ARRAY(sa.Text), nullable=False, server_default="{employee}"),
        sa.Column("keycloak_user_id", sa.Text, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        *timestamps(),
        sa.UniqueConstraint("tenant_id", "employee_number", name="people_employee_number_unique"),
    )
    op.create_index("ix_people_tenant_unit", "people", ["tenant_id", "org_unit_id"])
    enable_tenant_rls("people")

    op.create_table(
        "reporting_lines",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("employee_id", UUID(as_uuid=True), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("manager_id", UUID(as_uuid=True), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("delegate_id", UUID(as_uuid=True), sa.ForeignKey("people.id"), nullable=True),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_to", sa.Date, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("manager_id <> employee_id", name="not_own_manager"),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),
    )
    op.execute(
        "CREATE UNIQUE INDEX reporting_lines_one_current ON reporting_lines (tenant_id, employee_id) "
        "WHERE valid_to IS NULL"
    )
    op.create_index("ix_reporting_lines_manager", "reporting_lines", ["tenant_id", "manager_id"])
    enable_tenant_rls("reporting_lines")

    op.create_table(
        "imports",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="running"),
        sa.Column("filename", sa.Text, nullable=True),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("processed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unchanged", sa.Integer, nullable=False, server_default="0"),
        sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("report", JSONB, nullable=False, server_default="[]"),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    enable_tenant_rls("imports")


def downgrade() -> None:
    for table in ("imports", "reporting_lines", "people", "cycle_versions", "tenants"):
        op.drop_table(table)
    op.drop_index("ix_org_units_tenant_name", "org_units")
