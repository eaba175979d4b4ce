"""Alembic's environment: migrations run on the connection the advisor hands over (see advisor/storage/migrate.py)."""

from __future__ import annotations

from alembic import context

from advisor.storage.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
