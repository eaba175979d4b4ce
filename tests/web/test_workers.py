"""Nothing lives in only one process: `advisor serve --workers 2` over a real PostgreSQL server, with one connection
held open to each worker process (found through /proc), so each request is known to land on a given process. An
appraisal made through one is read and changed through the other; a stale save is refused across processes; a
session signed in on one is accepted by the other."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

import advisor
from tests.web.conftest import free_port, hidden

PASSWORD = "correct horse battery"


class Browser:
    """One connection to the server, and the cookie jar it shares with others of the same person."""

    def __init__(self, port: int, cookies: dict[str, str]) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.connect()
        self.cookies = cookies

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """The status, location and body of one request on this connection."""
        headers = {"cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({"csrf_token": self.cookies.get("advisor_csrf", ""), **form})
            headers["content-type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        reply = self.connection.getresponse()
        for value in reply.headers.get_all("set-cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return reply.status, reply.headers.get("location", ""), reply.read().decode()

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


def _descendants(pid: int) -> list[int]:
    """The processes started by pid, and theirs."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *_descendants(int(child))]
    return found


def _server_inode(port: int, client_port: int) -> str:
    """The inode of the server's end of the connection from client_port (from /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and int(fields[2].split(":")[1], 16) == client_port:
            return fields[9]
    raise AssertionError(f"no server socket for the connection from port {client_port}")


def worker_of(browser: Browser, port: int, server: int) -> int:
    """The server process holding the other end of the browser's connection."""
    target = f"socket:[{_server_inode(port, browser.connection.sock.getsockname()[1])}]"
    for pid in _descendants(server):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) == target:
                    return pid
            except OSError:
                continue
    raise AssertionError("no server process holds the connection")


@pytest.fixture
def two_workers(postgres_url: str) -> Iterator[tuple[int, int]]:
    """`advisor serve --workers 2` over PostgreSQL with one account; its port and process id."""
    accounts = advisor.open_accounts(postgres_url)
    for account in accounts.all():
        accounts.remove(account.name)
    accounts.add("jsmith", PASSWORD)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "advisor", "serve", "--workers", "2", "--port", str(port),
                                "--database", postgres_url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for_workers(process.pid, port)
        yield port, process.pid
    finally:
        process.terminate()
        process.communicate(timeout=60)
        accounts.remove("jsmith")
        accounts.store.close()


def _wait_for_workers(pid: int, port: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            browser = Browser(port, {})
            try:
                browser.request("GET", "/sign-in")
            finally:
                browser.close()
            if len(_descendants(pid)) >= 2:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError("advisor serve --workers 2 did not start within 90 s")


def _opened(port: int, cookies: dict[str, str]) -> Browser:
    browser = Browser(port, cookies)
    browser.request("GET", "/favicon.ico")  # answered: so the connection has been accepted by a process
    return browser


def on_worker(worker: int | None, port: int, server: int, cookies: dict[str, str]) -> tuple[Browser, int]:
    """A fresh connection held by the given server process (any, when None), sharing a cookie jar; and its process.
    Connections are opened ten at once, so that while one process is busy accepting, the other accepts too."""
    for _ in range(20):
        with ThreadPoolExecutor(10) as pool:
            batch = list(pool.map(lambda _: _opened(port, cookies), range(10)))
        found = next(((b, pid) for b in batch if worker in (None, pid := worker_of(b, port, server))), None)
        for browser in batch:
            if found is None or browser is not found[0]:
                browser.close()
        if found is not None:
            return found
    raise AssertionError(f"200 connections missed server process {worker}")


def send(worker: int, port: int, server: int, cookies: dict[str, str], method: str, path: str,
         form: dict[str, str] | None = None) -> tuple[int, str, str]:
    """One request sent to the given server process."""
    browser, _ = on_worker(worker, port, server, cookies)
    try:
        return browser.request(method, path, form)
    finally:
        browser.close()


def _two_workers(port: int, server: int) -> tuple[int, int]:
    """The process ids of the two workers (found by the connections they accept, ten opened at once)."""
    for _ in range(20):
        with ThreadPoolExecutor(10) as pool:
            batch = list(pool.map(lambda _: _opened(port, {}), range(10)))
        seen = {worker_of(browser, port, server) for browser in batch}
        for browser in batch:
            browser.close()
        if len(seen) == 2:
            return min(seen), max(seen)
    raise AssertionError("200 connections all went to one server process")


def test_two_processes_serve_one_appraisal_consistently(two_workers: tuple[int, int]) -> None:
    port, server = two_workers
    one, two = _two_workers(port, server)
    jar: dict[str, str] = {}
    send(one, port, server, jar, "GET", "/sign-in")
    assert send(one, port, server, jar, "POST", "/sign-in", {"name": "jsmith", "password": PASSWORD})[0] == 303
    status, question, _ = send(two, port, server, jar, "POST", "/appraisals", {"name": "Two workers"})  # one's session
    assert status == 303 and (match := re.fullmatch(r"/appraisals/(\d+)/question", question))
    html_one, html_two = (send(worker, port, server, jar, "GET", question)[2] for worker in (one, two))
    assert hidden(html_one, "version") == hidden(html_two, "version") == "1"
    saved = send(one, port, server, jar, "POST", question,
                 {"version": "1", "fact": hidden(html_one, "fact"), "answer": "Harwick Vale"})
    assert saved[0] == 303
    stale = send(two, port, server, jar, "POST", question,
                 {"version": "1", "fact": hidden(html_two, "fact"), "answer": "Other Vale"})
    assert stale[0] == 409 and "changed since you opened it" in stale[2] and "Harwick Vale" in stale[2]
    for worker in (one, two) * 5:
        status, _, body = send(worker, port, server, jar, "GET", f"/api/v1/appraisals/{match.group(1)}")
        assert status == 200 and '"version":2' in body and "Harwick Vale" in body
    assert send(one, port, server, {}, "GET", "/api/v1/appraisals")[0] == 401  # and nobody else gets in


def test_several_processes_over_sqlite_are_served_with_a_warning(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "advisor", "serve", "--workers", "2", "--port", str(port),
                                "--database", f"sqlite:///{tmp_path / 'a.sqlite3'}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        warning = process.stderr.readline()
        assert warning.startswith("Warning: 2 processes over one SQLite file") and "PostgreSQL is recommended" in warning
        _wait_for_workers(process.pid, port)
        for worker in _two_workers(port, process.pid):
            assert send(worker, port, process.pid, {}, "GET", "/api/v1/appraisals")[2] == "[]"
    finally:
        process.terminate()
        process.communicate(timeout=60)
