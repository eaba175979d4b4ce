"""Appraisals and the history of their answers."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    """Create the appraisal and answer_change tables."""
    op.create_table(
        "appraisal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("as_at", sa.Date, nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "answer_change",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("appraisal_id", sa.Integer, sa.ForeignKey("appraisal.id", ondelete="CASCADE"), nullable=False),
        sa.Column("field", sa.String(100), nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_verdicts", sa.Text, nullable=False),
    )
    op.create_index("ix_answer_change_appraisal_id", "answer_change", ["appraisal_id"])


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("answer_change")
    op.drop_table("appraisal")
