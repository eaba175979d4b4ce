"""Accounts on SQLite and on a real PostgreSQL server (argon2 hashes, names checked, one session key shared by every
process), and `advisor users add/list/remove` through click's runner and through a real process reading stdin."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect

import advisor
from advisor.cli.main import main


@pytest.fixture(params=["sqlite", "postgresql"])
def accounts(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[advisor.Accounts]:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    found = advisor.open_accounts(url)
    for account in found.all():  # the PostgreSQL server is shared by the session's tests
        found.remove(account.name)
    yield found
    found.store.close()


def test_the_migration_adds_accounts_settings_and_who_changed_an_answer(accounts: advisor.Accounts) -> None:
    inspector = inspect(accounts.store.engine)
    assert {"account", "setting"} <= set(inspector.get_table_names())
    assert "by" in {column["name"] for column in inspector.get_columns("answer_change")}


def test_an_account_is_kept_as_an_argon2_hash_and_checked(accounts: advisor.Accounts) -> None:
    accounts.add("jsmith", "correct horse battery")
    [kept] = accounts.all()
    assert kept.name == "jsmith" and kept.password_hash.startswith("$argon2id$")
    assert "correct horse" not in kept.password_hash
    assert accounts.check("jsmith", "correct horse battery")
    assert not accounts.check("jsmith", "correct horse battery ")
    assert not accounts.check("nobody", "correct horse battery")
    assert not accounts.check("jsmith\x00", "x\x00\ud800")  # odd input is a failure, not an error
    assert accounts.any() and accounts.exists("jsmith") and not accounts.exists("JSMITH")


def test_a_taken_name_is_refused_and_removing_ends_the_account(accounts: advisor.Accounts) -> None:
    accounts.add("jsmith", "correct horse battery")
    with pytest.raises(advisor.AccountError, match="already an account named 'jsmith'"):
        accounts.add("jsmith", "another password")
    accounts.remove("jsmith")
    assert not accounts.any() and not accounts.check("jsmith", "correct horse battery")
    with pytest.raises(advisor.AccountError, match="no account named 'jsmith'"):
        accounts.remove("jsmith")


@pytest.mark.parametrize(("name", "password", "message"), [
    ("j", "long enough", "has 1 characters: an account's name has 2 to 100"),
    ("x" * 101, "long enough", "has 101 characters"),
    ("j\tsmith", "long enough", "control character"),
    (" jsmith", "long enough", "a space at either end"),
    ("jsmith", "short", "the password has 5 characters: a password has 8 to 1000"),
])
def test_bad_names_and_passwords_are_refused(accounts: advisor.Accounts, name: str, password: str,
                                             message: str) -> None:
    with pytest.raises(advisor.AccountError, match=message) as refused:
        accounts.add(name, password)
    assert refused.value.exit_code == 2 and not accounts.any()


def test_the_session_key_is_made_once_and_shared(accounts: advisor.Accounts) -> None:
    first = accounts.session_key()
    again = advisor.open_accounts(accounts.store.engine.url.render_as_string(hide_password=False))
    assert again.session_key() == first and len(first) >= 64
    again.store.close()


def test_users_add_list_remove_with_the_hidden_prompt(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    runner = CliRunner()
    added = runner.invoke(main, ["users", "add", "jsmith", "--database", url],
                          input="correct horse battery\ncorrect horse battery\n")
    assert added.exit_code == 0, added.output
    assert "Added the account 'jsmith'" in added.output and "correct horse" not in added.output
    listed = runner.invoke(main, ["users", "list", "--database", url])
    assert listed.exit_code == 0 and listed.output.startswith("jsmith\tadded ")
    removed = runner.invoke(main, ["users", "remove", "jsmith", "--database", url])
    assert removed.exit_code == 0 and "No accounts are left" in removed.output
    assert "No accounts" in runner.invoke(main, ["users", "list", "--database", url]).output


def test_users_refusals_exit_2_with_a_clear_message(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    runner = CliRunner()
    short = runner.invoke(main, ["users", "add", "jsmith", "--database", url], input="short\nshort\n")
    assert short.exit_code == 2 and "a password has 8 to 1000" in short.output
    mismatch = runner.invoke(main, ["users", "add", "jsmith", "--database", url],
                             input="correct horse battery\nsomething else\ncorrect horse battery\ncorrect horse battery\n")
    assert mismatch.exit_code == 0 and "do not match" in mismatch.output  # click asks again
    control = runner.invoke(main, ["users", "add", "j\x1bsmith", "--password-stdin", "--database", url],
                            input="correct horse battery\n")
    assert control.exit_code == 2 and "control character" in control.output
    missing = runner.invoke(main, ["users", "remove", "nobody", "--database", url])
    assert missing.exit_code == 2 and "no account named 'nobody'" in missing.output


def test_users_add_reads_the_password_from_stdin_in_a_real_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    added = subprocess.run([sys.executable, "-m", "advisor", "users", "add", "jsmith", "--password-stdin",
                            "--database", url], input="correct horse battery\n", capture_output=True, text=True,
                           timeout=120, check=False)
    assert added.returncode == 0, added.stderr
    accounts = advisor.open_accounts(url)
    assert accounts.check("jsmith", "correct horse battery")
    accounts.store.close()
