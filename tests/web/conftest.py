"""Fixtures of the web service's tests: an app over a fresh SQLite database, a client holding a CSRF cookie, and a
real PostgreSQL server started with initdb and pg_ctl in a temporary folder."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import advisor
from advisor.web.app import create_app

PG_BIN = Path("/usr/lib/postgresql/15/bin")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A browser-like client of a fresh service (its CSRF cookie set by a first page)."""
    with TestClient(create_app(f"sqlite:///{tmp_path / 'appraisals.sqlite3'}")) as app_client:
        app_client.get("/")
        yield app_client


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[advisor.AppraisalStore]:
    """An empty appraisal store on a fresh SQLite file, then on the real PostgreSQL server."""
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    found = advisor.open_store(url)
    for appraisal in found.appraisals():  # the PostgreSQL server is shared by the session's tests
        found.delete(appraisal.id)
    yield found
    found.close()


def token(client: TestClient) -> str:
    """The CSRF token the client's cookie holds (what every page's forms carry)."""
    return str(client.cookies["advisor_csrf"])


def hidden(html: str, name: str) -> str:
    """The value of a hidden form field on a page."""
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int) -> None:
    """Wait (at most a minute) until something listens on the loopback port."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("advisor serve did not start listening within 60 s")


@contextlib.contextmanager
def serving(*options: str) -> Iterator[str]:
    """`advisor serve OPTIONS` on a free loopback port, its address while it runs; stopped afterwards."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "advisor", "serve", "--port", str(port), *options],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server in a temporary folder (Debian's postgresql package), stopped afterwards."""
    initdb, pg_ctl = PG_BIN / "initdb", PG_BIN / "pg_ctl"
    if not initdb.exists():
        pytest.skip(f"PostgreSQL 15 is not installed ({initdb} is missing): apt-get install postgresql")
    folder, port = Path(tempfile.mkdtemp(prefix="adm-advisor-pg-")), free_port()  # a folder the server user can reach
    data, runner = folder / "data", _as_server_user(folder)
    subprocess.run([*runner, str(initdb), "-D", str(data), "-U", "advisor", "--auth=trust"], check=True,
                   capture_output=True)
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1"
    subprocess.run([*runner, str(pg_ctl), "-D", str(data), "-o", options, "-w", "start", "-l", str(folder / "log")],
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://advisor@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*runner, str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"], check=False,
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _as_server_user(folder: Path) -> list[str]:
    """PostgreSQL refuses to run as root: as root, the server runs as Debian's `postgres` user, owning the folder."""
    if os.geteuid() != 0:
        return []
    shutil.chown(folder, "postgres", "postgres")
    return ["runuser", "-u", "postgres", "--"]


def has_chromium() -> bool:
    """Whether Debian's chromium is installed."""
    return shutil.which("chromium") is not None or Path("/usr/bin/chromium").exists()
