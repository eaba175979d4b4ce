"""The proposed structure kept with each appraisal."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"


def upgrade() -> None:
    """Create the proposal table (one row per appraisal, removed with it)."""
    op.create_table(
        "proposal",
        sa.Column("appraisal_id", sa.Integer, sa.ForeignKey("appraisal.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop the proposal table."""
    op.drop_table("proposal")
