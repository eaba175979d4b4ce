"""End to end in a real browser (Debian's chromium, driven by Playwright; no browser is downloaded): start an
appraisal, answer two questions (one "I don't know"), see the appraisal page; screenshots go to ADVISOR_SCREENSHOTS."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import has_chromium, serving

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`advisor serve` on a free loopback port, over a fresh SQLite file."""
    with serving("--database", f"sqlite:///{tmp_path / 'a.sqlite3'}") as address:
        yield address


@pytest.mark.skipif(not has_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)")
def test_an_interview_in_the_browser(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    shots = Path(os.environ.get("ADVISOR_SCREENSHOTS", tmp_path))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(server + "/")
        page.fill("#name", "Harwick Vale leisure")
        page.click("button:has-text('Start')")
        page.fill("#answer", "Harwick Vale")
        page.screenshot(path=str(shots / "1-question.png"), full_page=True)
        page.click("button:has-text('Save and continue')")
        assert "Answered: 1" in page.inner_text("#progress")
        page.screenshot(path=str(shots / "2-next-question.png"), full_page=True)
        page.click("button:has-text(\"I don't know\")")
        assert "Answered: 2" in page.inner_text("#progress")
        page.click("text=See the appraisal so far")
        assert page.locator(".govuk-tag").count() >= 19
        page.screenshot(path=str(shots / "3-appraisal.png"), full_page=True)
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
        assert errors == []  # no script or style refused by the Content-Security-Policy, nothing missing
        browser.close()
