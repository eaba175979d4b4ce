"""Prints how fast the web service answers on loopback: posting an answer to having the next question page, the
appraisal page, the .docx memo, and a load run of officers interviewing at once (requests, errors, latency, and the
server's resident memory at its start and ten times during it). The server's CPU time per request is printed beside each
latency: on a busy machine it is the steadier figure.

The server is `advisor serve` in a subprocess on a free loopback port over a fresh SQLite database in a temporary
folder. Each interview starts a blank appraisal and answers every question as an embedded example's answers file does
(`I don't know` where the file is silent), as bench/questionnaire.py does in the terminal.
Run: python bench/web.py [--seconds 60] [--officers 20] [--shared 1] [--examples 3]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from advisor.law.shipped import example_names, load_answers, load_book
from advisor.law.typed_answers import typed_form

ROOT = Path(__file__).resolve().parents[1]
PAGE_TIMES = 10  # times each appraisal page is fetched
MEMO_TIMES = 3  # times each memo is downloaded
RSS_SAMPLES = 10  # times the server's memory is read during the load run


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server() -> Iterator[tuple[str, int]]:
    """`advisor serve` on a free loopback port over a new SQLite file; its address and process id."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="adm-bench-web-") as folder:
        command = [sys.executable, "-m", "advisor", "serve", "--port", str(port),
                   "--database", f"sqlite:///{Path(folder) / 'appraisals.sqlite3'}"]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(base, process)
            yield base, process.pid
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_for(base: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode})")
        try:
            httpx.get(base + "/", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the server did not start in a minute")


def rss_kib(pid: int) -> int:
    """The process's resident memory (VmRSS) in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far (user and system), which a busy machine does not stretch as it does latency."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def hidden(html: str, name: str) -> str | None:
    """A hidden form field's value on a page (None: not there)."""
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else None


class Officer:
    """One browser: its own cookies (and CSRF token), timing every request it makes."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, follow_redirects=True, timeout=120.0)
        self.client.get("/")
        self.token = str(self.client.cookies["advisor_csrf"])

    def timed(self, method: str, url: str, data: dict[str, str] | None = None) -> tuple[httpx.Response, float]:
        """The response (redirects followed) and the seconds it took."""
        start = time.perf_counter()
        response = self.client.request(method, url, data=None if data is None else {"csrf_token": self.token, **data})
        return response, time.perf_counter() - start

    def start(self, name: str, example: str = "") -> httpx.Response:
        """A new appraisal (blank, or from an example): the page it leads to."""
        response, _ = self.timed("POST", "/appraisals", {"name": name, "example": example})
        return response


def example_answers(name: str) -> dict[str, str]:
    """What an officer types for each question, as the example's answers file answers it (`u`: unknown)."""
    book, full = load_book(), load_answers(None, name)
    return {fact: typed_form(spec, getattr(full, fact, None)) for fact, spec in book.vocabulary.facts.items()}


def answer_form(page: str, typed: dict[str, str]) -> dict[str, str] | None:
    """The form that answers the question on this page (None: the page asks nothing)."""
    fact, version = hidden(page, "fact"), hidden(page, "version")
    if fact is None or version is None:
        return None
    value = typed.get(fact, "u")
    return {"fact": fact, "version": version, **({"unknown": "1"} if value == "u" else {"answer": value})}


@dataclass
class Tally:
    """Requests made, their latencies, errors (not 2xx) and stale-save conflicts (409), across threads."""

    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    conflicts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def failed(self) -> None:
        """Count a request that got no page (or an error page) outside the timed answers."""
        with self.lock:
            self.errors += 1

    def add(self, response: httpx.Response, seconds: float) -> None:
        """Count one request."""
        with self.lock:
            self.seconds.append(seconds)
            if response.status_code == 409:
                self.conflicts += 1
            elif response.status_code >= 400:
                self.errors += 1


def interview(officer: Officer, typed: dict[str, str], page: httpx.Response, tally: Tally,
              until: float = float("inf")) -> None:
    """Answer every question the pages ask, from this page on, timing each post-and-next-page."""
    while time.monotonic() < until and "/question" in page.url.path:
        form = answer_form(page.text, typed)
        if form is None:
            return
        page, seconds = officer.timed("POST", page.url.path + ("?" + page.url.query.decode() if page.url.query else ""),
                                      form)
        tally.add(page, seconds)
        if page.status_code == 409:
            page = officer.client.get(page.url.path)


def percentile(values: list[float], share: float) -> float:
    """The value below which this share of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def line(label: str, seconds: list[float], cpu: float = 0.0, extra: str = "") -> str:
    """One measure: count, median, 95th percentile and maximum in milliseconds, and the server's CPU ms per request."""
    if not seconds:
        return f"{label:<44} {'-':>6}"
    return (f"{label:<44} {len(seconds):>6} {statistics.median(seconds) * 1000:>9.0f} "
            f"{percentile(seconds, 0.95) * 1000:>9.0f} {max(seconds) * 1000:>9.0f} "
            f"{cpu * 1000 / len(seconds):>10.0f} {extra}")


def single(base: str, pid: int, examples: list[str]) -> None:
    """One officer at a time: each example's whole interview, its appraisal page and memo, and a blank appraisal's."""
    print(f"{'measure':<44} {'count':>6} {'median ms':>9} {'p95 ms':>9} {'max ms':>9} {'server CPU':>10}")
    officer, answers, pages, memos, cpu = Officer(base), Tally(), [], [], {"answers": 0.0, "pages": 0.0, "memos": 0.0}
    for name in examples:
        one, start = Tally(), cpu_seconds(pid)
        interview(officer, example_answers(name), officer.start(f"bench {name}"), one)
        cpu["answers"] += cpu_seconds(pid) - start
        print(line(f"answer -> next question ({name[:18]})", one.seconds, cpu_seconds(pid) - start,
                   f"errors {one.errors}"), flush=True)
        answers.seconds += one.seconds
        answers.errors += one.errors
        path = officer.start(f"bench {name} whole", name).url.path
        start = cpu_seconds(pid)
        pages += [officer.timed("GET", path)[1] for _ in range(PAGE_TIMES)]
        cpu["pages"] += cpu_seconds(pid) - start
        start = cpu_seconds(pid)
        memos += [officer.timed("GET", path + "/memo.docx")[1] for _ in range(MEMO_TIMES)]
        cpu["memos"] += cpu_seconds(pid) - start
    blank, start = officer.start("bench blank").url.path.removesuffix("/question"), cpu_seconds(pid)
    blank_pages = [officer.timed("GET", blank)[1] for _ in range(PAGE_TIMES)]
    print(line("answer -> next question (all)", answers.seconds, cpu["answers"], f"errors {answers.errors}"))
    print(line("appraisal page (examples)", pages, cpu["pages"]))
    print(line("appraisal page (blank)", blank_pages, cpu_seconds(pid) - start))
    print(line("memo .docx", memos, cpu["memos"]), flush=True)


def _officer_loop(base: str, number: int, shared: int, examples: list[str], ids: list[str], until: float,
                  tally: Tally) -> None:
    """One simulated officer: interview after interview until the time is up (sharing an appraisal if asked)."""
    officer = Officer(base)
    typed = example_answers(examples[number % len(examples)])
    while time.monotonic() < until:
        try:
            page = officer.client.get(f"{ids[number // shared]}/question") if shared > 1 else \
                officer.start(f"load {number}")
            if page.status_code >= 400:
                tally.failed()
            interview(officer, typed, page, tally, until)
        except httpx.HTTPError:
            tally.failed()  # no answer in time, or the connection dropped
            continue
        if shared > 1 and "/question" not in page.url.path:
            return


def load(base: str, pid: int, officers: int, seconds: float, shared: int, examples: list[str]) -> None:
    """Officers interviewing at once for a while: requests, errors, latency, and the server's memory."""
    first = Officer(base)
    ids = [first.start(f"shared {n}").url.path.removesuffix("/question") for n in range(-(-officers // shared))]
    tally, until = Tally(), time.monotonic() + seconds
    threads = [threading.Thread(target=_officer_loop, args=(base, n, shared, examples, ids, until, tally))
               for n in range(officers)]
    memory, start = [rss_kib(pid)], cpu_seconds(pid)
    for thread in threads:
        thread.start()
    for _ in range(RSS_SAMPLES):
        time.sleep(seconds / RSS_SAMPLES)
        memory.append(rss_kib(pid))
    for thread in threads:
        thread.join()
    print(f"\nload: {officers} officers, {shared} to an appraisal, {seconds:.0f} s")
    print(line("answer -> next question (under load)", tally.seconds, cpu_seconds(pid) - start))
    print(f"requests {len(tally.seconds)} ({len(tally.seconds) / seconds:.1f}/s), errors {tally.errors}, "
          f"conflicts (409) {tally.conflicts}")
    print(f"server RSS MiB at the start and every {seconds / RSS_SAMPLES:.0f} s: "
          + " ".join(f"{kib / 1024:.0f}" for kib in memory))


def main() -> None:
    """Start the server, measure, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load run")
    parser.add_argument("--officers", type=int, default=20, help="officers interviewing at once in the load run")
    parser.add_argument("--shared", type=int, default=1, help="officers sharing one appraisal in the load run")
    parser.add_argument("--examples", type=int, default=3, help="embedded examples interviewed one at a time")
    parser.add_argument("--skip-single", action="store_true", help="only the load run")
    args = parser.parse_args()
    names = example_names()
    examples = [names[(i * len(names)) // args.examples] for i in range(min(args.examples, len(names)))]
    with server() as (base, pid):
        print(f"server pid {pid} at {base}, {os.cpu_count()} CPUs; examples: {', '.join(examples)}")
        if not args.skip_single:
            single(base, pid, examples)
        if args.seconds > 0:
            load(base, pid, args.officers, args.seconds, max(args.shared, 1), examples)


if __name__ == "__main__":
    main()
