"""Accounts that may sign in, the instance's settings (its session key), and who made each answer change."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    """Create the account and setting tables; add answer_change.by."""
    op.create_table(
        "account",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "setting",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.add_column("answer_change", sa.Column("by", sa.String(100), nullable=True))


def downgrade() -> None:
    """Drop answer_change.by and both tables."""
    with op.batch_alter_table("answer_change") as batch:
        batch.drop_column("by")
    op.drop_table("setting")
    op.drop_table("account")
