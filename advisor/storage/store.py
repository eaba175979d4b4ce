"""The appraisals kept in a database: list, create, read, save (refused when stale), delete, and their history.

Every save is one transaction: the appraisal's new answers, its version and the history rows commit together or
not at all. A save names the version it was based on; when another save came first, StaleVersion says so and
nothing is written (never a silent overwrite).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, delete, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from advisor.base.errors import AdvisorError
from advisor.storage.migrate import upgrade
from advisor.storage.tables import AnswersVersion, Appraisal, Change


class StaleVersion(AdvisorError):
    """The appraisal changed since the page was opened: the save was refused, nothing written."""

    def __init__(self, appraisal: Appraisal) -> None:
        super().__init__(f"appraisal {appraisal.id} changed since you opened it (it is now at version "
                         f"{appraisal.version}); nothing was saved")
        self.current = appraisal


class NoSuchAppraisal(AdvisorError):
    """No appraisal has that id (or it was deleted)."""


@dataclass(frozen=True)
class Edit:
    """One answer changed: the field, and its old and new values as the answers file writes them."""

    field: str
    old: str | None
    new: str | None


def now() -> dt.datetime:
    """The time a change is recorded at (UTC)."""
    return dt.datetime.now(dt.UTC)


def _sqlite_foreign_keys(engine: Engine) -> None:
    """SQLite enforces foreign keys (so deleting an appraisal deletes its history) only when asked, per connection."""
    @event.listens_for(engine, "connect")
    def _on(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA foreign_keys = ON")


class AppraisalStore:
    """The appraisals in one database (its tables brought up to date when opened)."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            _sqlite_foreign_keys(self.engine)
        upgrade(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        """Close the database connections (the store can be opened again)."""
        self.engine.dispose()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session

    def appraisals(self) -> Sequence[Appraisal]:
        """Every appraisal, the most recently changed first."""
        with self._transaction() as session:
            return session.scalars(select(Appraisal).order_by(Appraisal.updated.desc(), Appraisal.id.desc())).all()

    def create(self, name: str, answers: str, as_at: dt.date | None, by: str | None = None) -> Appraisal:
        """A new appraisal at version 1 (started `by` the account signed in)."""
        stamp = now()
        appraisal = Appraisal(name=name, answers=answers, as_at=as_at, created=stamp, updated=stamp, version=1)
        with self._transaction() as session:
            session.add(appraisal)
            session.flush()
            session.add(_kept(appraisal, by=by))
        return appraisal

    def get(self, appraisal_id: int) -> Appraisal:
        """The appraisal, or NoSuchAppraisal."""
        with self._transaction() as session:
            found = session.get(Appraisal, appraisal_id)
        if found is None:
            raise NoSuchAppraisal(f"there is no appraisal {appraisal_id}")
        return found

    def save(self, appraisal_id: int, based_on: int, answers: str, as_at: dt.date | None, edits: Sequence[Edit],
             changed_verdicts: list[dict[str, Any]], by: str | None = None, restored_from: int | None = None,
             name: str | None = None) -> Appraisal:
        """Save new answers (and a new name, when given) made from version `based_on`, with their history (made `by`
        the account signed in, None when nobody signs in; for a restore, the version brought back), in one
        transaction; StaleVersion if another save came first."""
        stamp = now()
        renamed = {} if name is None else {"name": name}
        with self._transaction() as session:
            before = session.get(Appraisal, appraisal_id)
            old_name = before.name if before is not None else None
            saved = self._next_version(session, appraisal_id, based_on, answers=answers, as_at=as_at, updated=stamp,
                                       **renamed)
            verdicts = json.dumps(changed_verdicts)
            session.add_all(Change(appraisal_id=appraisal_id, field=edit.field, old=edit.old, new=edit.new,
                                   version=based_on + 1, at=stamp, changed_verdicts=verdicts, by=by)
                            for edit in edits)
            renamed_from = old_name if name is not None and name != old_name else None
            session.add(_kept(saved, restored_from=restored_from, renamed_from=renamed_from, by=by))
        return self.get(appraisal_id)

    def rename(self, appraisal_id: int, based_on: int, name: str, by: str | None = None) -> Appraisal:
        """Rename the appraisal from version `based_on` (a new version, its answers unchanged, made `by` the account
        signed in); StaleVersion if another save came first."""
        with self._transaction() as session:
            before = session.get(Appraisal, appraisal_id)
            old_name = before.name if before is not None else None
            saved = self._next_version(session, appraisal_id, based_on, name=name, updated=now())
            session.add(_kept(saved, renamed_from=old_name, by=by))
        return self.get(appraisal_id)

    @staticmethod
    def _next_version(session: Session, appraisal_id: int, based_on: int, **values: Any) -> Appraisal:
        """Move the appraisal from version `based_on` to the next with these values; StaleVersion if it moved on."""
        done = session.execute(update(Appraisal).where(Appraisal.id == appraisal_id, Appraisal.version == based_on)
                               .values(version=based_on + 1, **values))
        current = session.get(Appraisal, appraisal_id, populate_existing=True)
        if current is None:
            raise NoSuchAppraisal(f"there is no appraisal {appraisal_id}")
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise StaleVersion(current)
        return current

    def versions(self, appraisal_id: int) -> Sequence[AnswersVersion]:
        """Every version of the appraisal that was kept, the latest first."""
        with self._transaction() as session:
            return session.scalars(select(AnswersVersion).where(AnswersVersion.appraisal_id == appraisal_id)
                                   .order_by(AnswersVersion.version.desc())).all()

    def version(self, appraisal_id: int, number: int) -> AnswersVersion:
        """One kept version of the appraisal, or NoSuchAppraisal."""
        with self._transaction() as session:
            found = session.scalars(select(AnswersVersion).where(AnswersVersion.appraisal_id == appraisal_id,
                                                                 AnswersVersion.version == number)).first()
        if found is None:
            raise NoSuchAppraisal(f"appraisal {appraisal_id} has no version {number}")
        return found

    def delete(self, appraisal_id: int) -> None:
        """Delete the appraisal and its history."""
        with self._transaction() as session:
            session.execute(delete(Change).where(Change.appraisal_id == appraisal_id))
            session.execute(delete(AnswersVersion).where(AnswersVersion.appraisal_id == appraisal_id))
            if session.execute(delete(Appraisal).where(Appraisal.id == appraisal_id)).rowcount != 1:  # type: ignore[attr-defined]
                raise NoSuchAppraisal(f"there is no appraisal {appraisal_id}")

    def history(self, appraisal_id: int) -> Sequence[Change]:
        """The appraisal's answer changes, the latest first."""
        with self._transaction() as session:
            return session.scalars(select(Change).where(Change.appraisal_id == appraisal_id)
                                   .order_by(Change.id.desc())).all()


def _kept(appraisal: Appraisal, restored_from: int | None = None, renamed_from: str | None = None,
          by: str | None = None) -> AnswersVersion:
    """The record of the appraisal's version as it stands now, and who made it."""
    return AnswersVersion(appraisal_id=appraisal.id, version=appraisal.version, name=appraisal.name,
                          answers=appraisal.answers, as_at=appraisal.as_at, at=appraisal.updated,
                          restored_from=restored_from, renamed_from=renamed_from, by=by)


def open_store(url: str) -> AppraisalStore:
    """The appraisal store at a database URL (sqlite:///PATH or postgresql+psycopg://...), migrated to the latest."""
    return AppraisalStore(url)
