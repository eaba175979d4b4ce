"""The accounts that may sign in to the web service, kept beside the appraisals: add, list, remove, check a password,
and the instance's session key (made once, kept in the database so every server process signs with the same one).

Passwords are kept only as argon2 hashes. Checking a password costs the same whether or not the name exists, so the
time taken says nothing about which names there are.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import Argon2Error, InvalidHashError
from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from advisor.base.errors import AdvisorError
from advisor.storage.store import AppraisalStore, now, open_store
from advisor.storage.tables import Account, Setting

NAME_LIMITS = (2, 100)
PASSWORD_LIMITS = (8, 1000)
SESSION_KEY = "session_key"
HASHER = PasswordHasher()
NOBODY = HASHER.hash(secrets.token_urlsafe(16))  # checked against when the name is unknown, to take the same time


class AccountError(AdvisorError):
    """An account's name or password is refused, or an account is needed and there is none (exit 2)."""

    exit_code = 2


def name_problem(name: str) -> str | None:
    """What is wrong with an account's name (None when it is allowed)."""
    low, high = NAME_LIMITS
    if not low <= len(name) <= high:
        return f"the name {name[:high]!r} has {len(name)} characters: an account's name has {low} to {high}"
    if not name.isprintable() or name != name.strip():
        return (f"the name {name[:high]!r} has a control character or a space at either end: an account's name is "
                "printable characters on one line")
    return None


def password_problem(password: str) -> str | None:
    """What is wrong with a new password (None when it is allowed)."""
    low, high = PASSWORD_LIMITS
    if not low <= len(password) <= high:
        return f"the password has {len(password)} characters: a password has {low} to {high}"
    if "\x00" in password:
        return "the password has a NUL character, which cannot be typed at a sign-in page"
    return None


def _bytes(password: str) -> bytes:
    """The password as hashed: UTF-8 (a lone surrogate, which no keyboard types, kept rather than refused)."""
    return password.encode("utf-8", "surrogatepass")


class Accounts:
    """The accounts in one database (the appraisal store's)."""

    def __init__(self, store: AppraisalStore) -> None:
        self.store = store

    def add(self, name: str, password: str) -> Account:
        """A new account; AccountError if the name or password is refused or the name is taken."""
        problem = name_problem(name) or password_problem(password)
        if problem:
            raise AccountError(problem)
        account = Account(name=name, password_hash=HASHER.hash(_bytes(password)), created=now())
        try:
            with self.store.sessions.begin() as session:
                session.add(account)
        except IntegrityError:
            raise AccountError(f"there is already an account named {name!r}: remove it first to change its "
                               "password") from None
        return account

    def all(self) -> Sequence[Account]:
        """Every account, by name."""
        with self.store.sessions.begin() as session:
            return session.scalars(select(Account).order_by(Account.name)).all()

    def remove(self, name: str) -> None:
        """Remove the account (its sessions end with it); AccountError if there is none of that name."""
        with self.store.sessions.begin() as session:
            if session.execute(delete(Account).where(Account.name == name)).rowcount != 1:  # type: ignore[attr-defined]
                raise AccountError(f"there is no account named {name[:100]!r}")

    def any(self) -> bool:
        """Whether at least one account exists."""
        with self.store.sessions.begin() as session:
            return bool(session.scalar(select(exists().select_from(Account))))

    def exists(self, name: str) -> bool:
        """Whether an account has this name (a name no account could have is not looked up)."""
        return self.identity_of(name) is not None

    def identity_of(self, name: str) -> str | None:
        """What tells this account from any other ever given its name (None when there is none): its number and a
        digest of its password hash, whose salt is new each time an account is added (a database may reuse a
        removed account's number)."""
        if name_problem(name):
            return None
        with self.store.sessions.begin() as session:
            found = session.execute(select(Account.id, Account.password_hash).where(Account.name == name)).first()
        if found is None:
            return None
        return f"{found[0]}.{hashlib.sha256(found[1].encode()).hexdigest()[:24]}"

    def check(self, name: str, password: str) -> bool:
        """Whether the name and password are an account's; the same work is done for a name that does not exist."""
        stored = None
        if name_problem(name) is None:
            with self.store.sessions.begin() as session:
                stored = session.scalar(select(Account.password_hash).where(Account.name == name))
        try:
            return HASHER.verify(stored or NOBODY, _bytes(password)) and stored is not None
        except (Argon2Error, InvalidHashError):
            return False

    def session_key(self) -> str:
        """The key that signs session cookies: made on first use and kept in the database, shared by all processes."""
        with self.store.sessions.begin() as session:
            found = session.get(Setting, SESSION_KEY)
        if found is not None:
            return found.value
        try:
            with self.store.sessions.begin() as session:
                session.add(Setting(name=SESSION_KEY, value=secrets.token_urlsafe(48)))
        except IntegrityError:
            pass  # another process made it first: use that one
        return self.session_key()


def open_accounts(url: str) -> Accounts:
    """The accounts of the database at a URL (migrated to the latest, as the appraisal store is)."""
    return Accounts(open_store(url))
