"""Starting the service: the default database, refusing an address other than loopback while no account exists,
and uvicorn in one or several processes."""

from __future__ import annotations

import ctypes
import ctypes.util
import ipaddress
import os
import platform
import sys
from pathlib import Path

import platformdirs
import uvicorn
from fastapi import FastAPI

import advisor
from advisor.web.app import create_app

LOOPBACK_NAMES = {"localhost"}
DATABASE_VARIABLE = "ADM_ADVISOR_DATABASE_URL"
SIGN_IN_VARIABLE = "ADM_ADVISOR_SIGN_IN"


def default_database_url() -> str:
    """A SQLite file in the user's data directory (created when missing)."""
    folder = Path(platformdirs.user_data_dir("adm-advisor", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'appraisals.sqlite3'}"


def is_loopback(host: str) -> bool:
    """Whether the address reaches only this machine (127.0.0.0/8, ::1, localhost)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str, has_accounts: bool) -> None:
    """Refuse an address others can reach while no account exists: anyone could read every appraisal."""
    if not is_loopback(host) and not has_accounts:
        raise advisor.AccountError(
            f"--host {host}: refusing to listen on an address other computers can reach while no account exists, "
            "as anyone on the network could read and change every appraisal. Add one first with `advisor users "
            "add NAME` (with the same --database), or use 127.0.0.1 (the default) and reach it from this machine")


def prepare(host: str, url: str) -> None:
    """Once, before any server process starts: migrate the database, check the address, make the session key."""
    accounts = advisor.open_accounts(url)
    try:
        check_host(host, accounts.any())
        accounts.session_key()
    finally:
        accounts.store.close()


def few_malloc_arenas(most: int = 2) -> bool:
    """Keep the C library to a few malloc arenas; whether it could. By default glibc gives each thread serving
    requests an arena of its own, which grows and is not given back, so the resident memory climbs under load
    (bench/web.py's load run: about 80 MiB more in its second half with the default, about 15 with two)."""
    if platform.libc_ver()[0] != "glibc":
        return False
    try:
        return bool(ctypes.CDLL(ctypes.util.find_library("c")).mallopt(_M_ARENA_MAX, most))
    except (OSError, AttributeError, TypeError):
        return False


_M_ARENA_MAX = -8  # glibc's mallopt parameter for the most arenas


def app_from_environment() -> FastAPI:
    """The application each server process builds (uvicorn's factory): the database and whether sign-in is always
    needed come from the environment `serve` sets, so every process opens the same database."""
    few_malloc_arenas()
    url = os.environ.get(DATABASE_VARIABLE) or default_database_url()
    return create_app(url, sign_in_required=os.environ.get(SIGN_IN_VARIABLE) == "required", prepare=True)


def address(host: str, port: int) -> str:
    """The service's address to open in a browser (an IPv6 address in brackets, as URLs write it)."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(host: str = "127.0.0.1", port: int = 8000, database: str | None = None, workers: int = 1) -> None:
    """Run the web service until stopped: pages at http://HOST:PORT/, the JSON API under /api/v1, in `workers`
    processes sharing one database."""
    url = database or default_database_url()
    prepare(host, url)
    if workers > 1 and url.startswith("sqlite"):
        print(f"Warning: {workers} processes over one SQLite file take turns to write; for several processes "
              "PostgreSQL is recommended (--database postgresql+psycopg://...)", file=sys.stderr, flush=True)
    os.environ[DATABASE_VARIABLE] = url
    os.environ[SIGN_IN_VARIABLE] = "" if is_loopback(host) else "required"
    print(f"ADM Advisor at {address(host, port)} (appraisals kept in {url}); Ctrl-C stops it", flush=True)
    uvicorn.run("advisor.web.server:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning")
