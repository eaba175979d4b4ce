"""Who made each kept version (the account signed in), so a rename or a start is credited as an answer's change is."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    """Add answers_version.by (empty for versions kept before: who made them is in their changes, if anywhere)."""
    with op.batch_alter_table("answers_version") as table:
        table.add_column(sa.Column("by", sa.String(100), nullable=True))


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("answers_version") as table:
        table.drop_column("by")
