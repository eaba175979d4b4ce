"""The tables: an appraisal (its answers file as text, with a version for optimistic concurrency), its history, the
accounts that may sign in, and the instance's settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The tables' common base (its metadata is what the migrations create)."""


class Appraisal(Base):
    """One council's appraisal: its name, the answers file the CLI reads, and the date of the law applied."""

    __tablename__ = "appraisal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    answers: Mapped[str] = mapped_column(Text)
    as_at: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)


class Change(Base):
    """One change of one answer: the field, its old and new values as the answers file writes them, and when."""

    __tablename__ = "answer_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisal.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(100))
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    changed_verdicts: Mapped[str] = mapped_column(Text, default="[]")
    by: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Account(Base):
    """Someone who may sign in: a unique name and the argon2 hash of the password (never the password)."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Setting(Base):
    """One setting of the instance kept in its database, shared by every server process (the session key)."""

    __tablename__ = "setting"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AnswersVersion(Base):
    """The whole answers file of one version of an appraisal (to view or restore it), and what made the version."""

    __tablename__ = "answers_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisal.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    answers: Mapped[str] = mapped_column(Text)
    as_at: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    restored_from: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the earlier version brought back
    renamed_from: Mapped[str | None] = mapped_column(String(300), nullable=True)  # the name before a rename
    by: Mapped[str | None] = mapped_column(String(100), nullable=True)  # the account signed in (None: nobody signs in)
