"""Login required off loopback, in a real browser (Debian's chromium, driven by Playwright): `advisor serve --host
0.0.0.0` with one account sends a visitor to the sign-in page; a wrong password gets the error summary; the right one
reaches the appraisal list; signing out ends the session. Screenshots go to ADVISOR_SCREENSHOTS."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import has_chromium, serving
from tests.web.test_browser import CHROMIUM_ARGS

PASSWORD = "correct horse battery"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture
def network_server(tmp_path: Path) -> Iterator[str]:
    """`advisor serve --host 0.0.0.0` with one account (jsmith), reached through loopback."""
    database = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    subprocess.run([sys.executable, "-m", "advisor", "users", "add", "jsmith", "--password-stdin", "--database",
                    database], input=PASSWORD + "\n", text=True, check=True, capture_output=True, timeout=120)
    with serving("--host", "0.0.0.0", "--database", database) as address:
        yield address


def _no_wcag_violations(page: object) -> None:
    """axe-core finds nothing against WCAG 2.2 AA on the page."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe.Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.skipif(not has_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)")
def test_login_required_off_loopback(network_server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("axe_playwright_python.sync_playwright")  # so the accessibility checks below cannot skip
    shots = Path(os.environ.get("ADVISOR_SCREENSHOTS", tmp_path))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(network_server + "/")
        assert page.url == network_server + "/sign-in?next=%2F" and page.inner_text("h1") == "Sign in"
        page.screenshot(path=str(shots / "sign-in.png"), full_page=True)
        _no_wcag_violations(page)
        page.fill("#name", "jsmith")
        page.fill("#password", "not the password")
        page.click("button:has-text('Sign in')")
        summary = page.locator(".govuk-error-summary")
        assert "Enter the name and password of an account on this service" in summary.inner_text()
        assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")  # focused, by JS
        page.screenshot(path=str(shots / "sign-in-error.png"), full_page=True)
        _no_wcag_violations(page)
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Show')")  # the password input's show/hide, from govuk-frontend
        assert page.get_attribute("#password", "type") == "text"
        page.click("button:has-text('Sign in')")
        assert page.url == network_server + "/" and page.inner_text("h1") == "Appraisals"
        assert "Signed in as jsmith" in page.inner_text(".govuk-service-navigation")
        page.screenshot(path=str(shots / "signed-in-list.png"), full_page=True)
        _no_wcag_violations(page)
        page.click("button:has-text('Sign out')")
        assert page.url == network_server + "/sign-in"
        page.goto(network_server + "/")
        assert page.url.startswith(network_server + "/sign-in")
        refused = "the server responded with a status of 401"  # the wrong password's page, as chromium logs it
        assert [error for error in errors if refused in error] == [errors[0]]
        assert errors[1:] == []  # nothing refused by the Content-Security-Policy, nothing missing
        browser.close()
