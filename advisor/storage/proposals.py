"""The proposed structure kept with each appraisal: its text (the proposal file the CLI reads, without `answers:`,
which is the appraisal's own answers), its own version for optimistic concurrency, and each field's change
recorded in the appraisal's history (field `proposal.PART.FIELD`, old -> new), all in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, Integer, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from advisor.base.errors import AdvisorError
from advisor.storage.store import AppraisalStore, Edit, NoSuchAppraisal, StaleVersion, now
from advisor.storage.tables import Appraisal, Base, Change


class ProposalRow(Base):
    """An appraisal's proposal: the proposal file's text and its version (1 on the first save)."""

    __tablename__ = "proposal"

    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisal.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    updated: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class KeptProposal:
    """A proposal as kept: the appraisal it belongs to, its text (empty when there is none) and its version (0: never
    saved)."""

    appraisal_id: int
    text: str
    version: int
    updated: dt.datetime | None


class StaleProposal(StaleVersion):
    """The proposal changed since the page was opened: the save was refused, nothing written."""

    def __init__(self, current: KeptProposal) -> None:  # pylint: disable=super-init-not-called
        AdvisorError.__init__(self, f"the proposal of appraisal {current.appraisal_id} changed since you opened it "
                                    f"(it is now at version {current.version}); nothing was saved")
        self.current = current  # type: ignore[assignment]


class ProposalShelf:
    """The proposals of the appraisals in one store."""

    def __init__(self, store: AppraisalStore) -> None:
        self.sessions = store.sessions

    def get(self, appraisal_id: int) -> KeptProposal:
        """The appraisal's proposal (version 0 and no text when none is kept); NoSuchAppraisal if no appraisal."""
        with self.sessions.begin() as session:
            return _current(session, appraisal_id)

    def save(self, appraisal_id: int, based_on: int, text: str, edits: Sequence[Edit]) -> KeptProposal:
        """Keep the proposal's new text made from version `based_on` (0: there was none), with a history row per
        edit; StaleProposal if another save came first."""
        stamp = now()
        with self.sessions.begin() as session:
            current = _current(session, appraisal_id)
            if current.version != based_on:
                raise StaleProposal(current)
            if based_on == 0:
                session.add(ProposalRow(appraisal_id=appraisal_id, text=text, version=1, updated=stamp))
            elif _bump(session, appraisal_id, based_on, text, stamp) != 1:
                raise StaleProposal(_current(session, appraisal_id))
            session.add_all(Change(appraisal_id=appraisal_id, field=edit.field, old=edit.old, new=edit.new,
                                   version=based_on + 1, at=stamp, changed_verdicts="[]") for edit in edits)
        return self.get(appraisal_id)

    def delete(self, appraisal_id: int, based_on: int, edits: Sequence[Edit]) -> KeptProposal:
        """Remove the proposal made from version `based_on` (kept as no text at a new version, so a page opened
        before the removal is still stale after it), with its removal in the history; StaleProposal if stale."""
        return self.save(appraisal_id, based_on, "", edits)


def _current(session: Session, appraisal_id: int) -> KeptProposal:
    if session.get(Appraisal, appraisal_id) is None:
        raise NoSuchAppraisal(f"there is no appraisal {appraisal_id}")
    row = session.scalars(select(ProposalRow).where(ProposalRow.appraisal_id == appraisal_id)).first()
    if row is None:
        return KeptProposal(appraisal_id, "", 0, None)
    return KeptProposal(appraisal_id, row.text, row.version, row.updated)


def _bump(session: Session, appraisal_id: int, based_on: int, text: str, stamp: dt.datetime) -> int:
    """Write the new text only if the version is still `based_on` (the row count: 1 when written)."""
    done = session.execute(update(ProposalRow).where(ProposalRow.appraisal_id == appraisal_id,
                                                     ProposalRow.version == based_on)
                           .values(text=text, version=based_on + 1, updated=stamp))
    return int(done.rowcount)  # type: ignore[attr-defined]


def open_proposals(store: AppraisalStore) -> ProposalShelf:
    """The proposals kept with the store's appraisals."""
    return ProposalShelf(store)
