"""The store keeps every version's answers file (to view and restore it) on SQLite and a real PostgreSQL server:
on create, save, rename (stale refused) and restore; a database made before this table gets its current versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

import advisor
from advisor.storage.migrate import MIGRATIONS
from advisor.web.app import create_app


def test_each_version_keeps_its_whole_answers_file(store: advisor.AppraisalStore) -> None:
    created = store.create("Leisure 2026", "council_name: A\n", None)
    store.save(created.id, 1, "council_name: B\n", None, [advisor.Edit("council_name", "A", "B")], [])
    store.save(created.id, 2, "council_name: A\n", None, [advisor.Edit("council_name", "B", "A")], [], restored_from=1)
    kept = store.versions(created.id)
    assert [(v.version, v.answers, v.restored_from) for v in kept] == [
        (3, "council_name: A\n", 1), (2, "council_name: B\n", None), (1, "council_name: A\n", None)]
    assert store.version(created.id, 2).answers == "council_name: B\n"
    with pytest.raises(advisor.NoSuchAppraisal):
        store.version(created.id, 4)


def test_a_rename_is_a_version_and_a_stale_rename_writes_nothing(store: advisor.AppraisalStore) -> None:
    created = store.create("Leisure 2026", "council_name: A\n", None)
    renamed = store.rename(created.id, 1, "Leisure 2027")
    assert (renamed.name, renamed.version, renamed.answers) == ("Leisure 2027", 2, "council_name: A\n")
    with pytest.raises(advisor.StaleVersion):
        store.rename(created.id, 1, "Leisure 2028")
    assert store.get(created.id).name == "Leisure 2027"
    assert [(v.version, v.name, v.renamed_from) for v in store.versions(created.id)] == [
        (2, "Leisure 2027", "Leisure 2026"), (1, "Leisure 2026", None)]


def test_deleting_an_appraisal_deletes_its_versions(store: advisor.AppraisalStore) -> None:
    created = store.create("Leisure 2026", "council_name: A\n", None)
    store.delete(created.id)
    assert store.versions(created.id) == []


def _database_from_before(url: str, *rows: str) -> None:
    """A database at migration 0001 (before versions were kept), holding these rows."""
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        for row in rows:
            connection.execute(text(row))
    engine.dispose()


def test_a_database_from_before_keeps_its_appraisals_current_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    _database_from_before(url, "INSERT INTO appraisal (name, answers, created, updated, version) VALUES "
                               "('Old', 'council_name: Old\n', '2026-01-01 10:00:00', '2026-01-02 10:00:00', 3)")
    store = advisor.open_store(url)
    [kept] = store.versions(1)
    assert (kept.version, kept.name, kept.answers) == (3, "Old", "council_name: Old\n")
    store.close()


def test_the_history_page_of_a_database_from_before_keeps_its_earlier_changes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    _database_from_before(url, "INSERT INTO appraisal (name, answers, created, updated, version) VALUES "
                               "('Old', 'keep_control: true\n', '2026-01-01 10:00:00', '2026-01-03 10:00:00', 3)",
                          "INSERT INTO answer_change (appraisal_id, field, old, new, version, at, changed_verdicts) "
                          "VALUES (1, 'keep_control', NULL, 'true', 2, '2026-01-02 10:00:00', '[]')")
    with TestClient(create_app(url)) as client:
        page = client.get("/appraisals/1/history").text
    question = advisor.load_book().vocabulary.facts["keep_control"].question
    assert "3 (current)" in page and "2 January 2026 at 10:00 UTC" in page and "not answered → <strong>yes" in page
    assert question.replace("'", "&#39;") in page and "/versions/2" not in page
