"""Indexes for finding the caller's person: by Keycloak user id, else by e-mail address. Every
`/v1/people/me...` request (the portal's home, team and portfolio pages) looked the caller up
with a sequential scan of the tenant's people (bench/portal.py, docs/capacity.md "Portal pages").

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_people_keycloak_user", "people", ["tenant_id", "keycloak_user_id"])
    op.create_index("ix_people_email", "people", ["tenant_id", "email"])


def downgrade() -> None:
    op.drop_index("ix_people_email", "people")
    op.drop_index("ix_people_keycloak_user", "people")
