"""The answers file of every version of an appraisal, so any earlier version can be viewed and restored."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    """Create the answers_version table, with each existing appraisal's current version in it."""
    op.create_table(
        "answers_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("appraisal_id", sa.Integer, sa.ForeignKey("appraisal.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("as_at", sa.Date, nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("restored_from", sa.Integer, nullable=True),
        sa.Column("renamed_from", sa.String(300), nullable=True),
        sa.UniqueConstraint("appraisal_id", "version", name="uq_answers_version_appraisal_version"),
    )
    op.create_index("ix_answers_version_appraisal_id", "answers_version", ["appraisal_id"])
    op.execute("INSERT INTO answers_version (appraisal_id, version, name, answers, as_at, at) "
               "SELECT id, version, name, answers, as_at, updated FROM appraisal")


def downgrade() -> None:
    """Drop the table (the appraisals keep their current answers)."""
    op.drop_table("answers_version")
