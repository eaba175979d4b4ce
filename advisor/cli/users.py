"""`advisor users`: the accounts that may sign in to `advisor serve` — add, list, remove (thin: the public API keeps
them, passwords hashed, in the same database as the appraisals)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

import advisor

DATABASE_HELP = ("The database `advisor serve` uses: sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME "
                 "(default: the SQLite file in your data folder, as for serve).")


@contextmanager
def _accounts(database: str | None) -> Iterator[advisor.Accounts]:
    """The accounts of the database (serve's default when none is named), closed afterwards."""
    found = advisor.open_accounts(database or advisor.default_database_url())
    try:
        yield found
    finally:
        found.store.close()


def _password(from_stdin: bool) -> str:
    """The new password: its first line on standard input, or typed twice, unseen."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    typed: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return typed


@click.group()
def users() -> None:
    """The accounts that may sign in to `advisor serve`. Once one exists, every page and API call needs a
    signed-in session; serving on an address other than loopback needs at least one.

    Example:

    \b
        advisor users add jsmith                 # asks for the password twice
        printf '%s\\n' "$PASSWORD" | advisor users add jsmith --password-stdin
        advisor users list
        advisor users remove jsmith
    """


@users.command()
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--database", metavar="URL", help=DATABASE_HELP)
def add(name: str, password_stdin: bool, database: str | None) -> None:
    """Add an account NAME (2 to 100 printable characters) with a password of at least 8 characters."""
    with _accounts(database) as accounts:
        accounts.add(name, _password(password_stdin))
    click.echo(f"Added the account {name!r}.")


@users.command(name="list")
@click.option("--database", metavar="URL", help=DATABASE_HELP)
def list_accounts(database: str | None) -> None:
    """List the accounts, with when each was added."""
    with _accounts(database) as accounts:
        found = accounts.all()
    if not found:
        click.echo("No accounts: `advisor serve` is open to anyone on this machine, and only on loopback.")
    for account in found:
        click.echo(f"{account.name}\tadded {account.created:%Y-%m-%d %H:%M}")


@users.command()
@click.argument("name")
@click.option("--database", metavar="URL", help=DATABASE_HELP)
def remove(name: str, database: str | None) -> None:
    """Remove the account NAME (its sessions end at its next request)."""
    with _accounts(database) as accounts:
        accounts.remove(name)
        left = accounts.any()
    click.echo(f"Removed the account {name!r}." + ("" if left else " No accounts are left: nobody can sign in to a "
                                                               "server on an address other than loopback."))
