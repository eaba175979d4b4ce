"""Draw the README's picture of `advisor serve`: the appraisal page of an embedded example, in Debian's chromium.

    python scripts/readme_screenshot.py [--example worcestershire-2018] [-o docs/serve-appraisal.png]

Starts `advisor serve` on a free loopback port over a temporary SQLite file, starts an appraisal from the example
in the browser as an officer would, and saves the top of its appraisal page.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int) -> None:
    """Wait until the server listens (at most a minute)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("advisor serve did not start listening within 60 s")


def draw(address: str, example: str, output: Path) -> None:
    """Start an appraisal from the example and save the top of its page."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        page.goto(address + "/")
        page.fill("#name", f"Options appraisal ({example})")
        page.select_option("#example", example)
        page.click("button:has-text('Start')")
        page.wait_for_selector("#models")
        page.locator("#models").scroll_into_view_if_needed()
        page.evaluate("window.scrollTo(0, 0)")
        output.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(output), clip={"x": 0, "y": 0, "width": 1200, "height": 1000})
        browser.close()


def main() -> None:
    """Run the server, draw the picture, stop the server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", default="worcestershire-2018")
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/serve-appraisal.png"))
    options = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen([sys.executable, "-m", "advisor", "serve", "--port", str(port), "--database",
                                   f"sqlite:///{Path(folder) / 'a.sqlite3'}"], stdout=subprocess.DEVNULL)
        try:
            wait_for(port)
            draw(f"http://127.0.0.1:{port}", options.example, options.output)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"wrote {options.output}")


if __name__ == "__main__":
    main()
