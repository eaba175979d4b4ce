"""The appraisal store on SQLite and on a real PostgreSQL server: migrations on open, one transaction per save,
a stale save refused with nothing written, history kept and deleted with its appraisal."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect

import advisor


def test_opening_migrates_the_tables(store: advisor.AppraisalStore) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"appraisal", "answer_change", "alembic_version"} <= tables
    again = advisor.open_store(store.engine.url.render_as_string(hide_password=False))  # a second open changes nothing
    again.close()


def test_a_save_moves_the_version_on_and_records_the_change(store: advisor.AppraisalStore) -> None:
    created = store.create("Leisure 2026", "# answers\n", None)
    saved = store.save(created.id, 1, "has_trading_purpose: true\n", dt.date(2026, 4, 1),
                       [advisor.Edit("has_trading_purpose", None, "true")], [{"name": "Trust", "before": "a", "after": "b"}])
    assert (saved.version, saved.answers, saved.as_at) == (2, "has_trading_purpose: true\n", dt.date(2026, 4, 1))
    [change] = store.history(created.id)
    assert (change.field, change.old, change.new, change.version) == ("has_trading_purpose", None, "true", 2)


def test_a_stale_save_is_refused_and_writes_nothing(store: advisor.AppraisalStore) -> None:
    created = store.create("Leisure 2026", "# answers\n", None)
    store.save(created.id, 1, "first: 1\n", None, [advisor.Edit("first", None, "1")], [])
    with pytest.raises(advisor.StaleVersion, match="changed since you opened it"):
        store.save(created.id, 1, "second: 2\n", None, [advisor.Edit("second", None, "2")], [])
    kept = store.get(created.id)
    assert (kept.answers, kept.version, len(store.history(created.id))) == ("first: 1\n", 2, 1)


def test_deleting_removes_the_appraisal_and_its_history(store: advisor.AppraisalStore) -> None:
    created = store.create("Leisure 2026", "# answers\n", None)
    store.save(created.id, 1, "first: 1\n", None, [advisor.Edit("first", None, "1")], [])
    store.delete(created.id)
    assert store.appraisals() == [] and store.history(created.id) == []
    with pytest.raises(advisor.NoSuchAppraisal):
        store.get(created.id)
