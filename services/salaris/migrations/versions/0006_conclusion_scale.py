"""conclusion_scale: the conclusion levels of each cycle version (which advise a raise), and each
decision's advised outcome read from them when it was assigned (ADR 0017)

Revision ID: 0006
Revises: 0005
"""

import json

import sqlalchemy as sa
from alembic import op

from dialoog.contracts.cycle.presets import preset

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE cycle_settings ADD COLUMN conclusion_scale JSONB")
    op.execute("ALTER TABLE decisions ADD COLUMN advised_outcome TEXT")
    # Versions projected before: the four_levels preset's scale (the only one that had advice).
    scale = preset("four_levels").conclusion_scale
    assert scale is not None
    op.get_bind().execute(
        sa.text(
            "UPDATE cycle_settings SET conclusion_scale = CAST(:scale AS JSONB) "
            "WHERE preset = 'four_levels' AND conclusion_scale IS NULL"
        ),
        {"scale": json.dumps(scale.model_dump(mode="json"))},
    )
    yes = [level.key for level in scale.levels if level.advises_raise]
    no = [level.key for level in scale.levels if level.advises_raise is False]
    op.get_bind().execute(
        sa.text(
            "UPDATE decisions SET advised_outcome = CASE WHEN reward_advice = ANY(:yes) THEN 'yes' "
            "WHEN reward_advice = ANY(:no) THEN 'no' END WHERE reward_advice IS NOT NULL"
        ),
        {"yes": yes, "no": no},
    )


def downgrade() -> None:
    op.execute("ALTER TABLE decisions DROP COLUMN IF EXISTS advised_outcome")
    op.execute("ALTER TABLE cycle_settings DROP COLUMN IF EXISTS conclusion_scale")
