"""A proposal checked in a real browser (Debian's chromium, driven by Playwright): the form filled from an embedded
example and changed, a bad value refused inline, the proposal saved and its checklist read; axe-core finds no WCAG
2.2 AA violation on either page. Screenshots go to ADVISOR_SCREENSHOTS."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import has_chromium
from tests.web.test_browser import CHROMIUM_ARGS, server  # noqa: F401  (the fixture: advisor serve on a free port)

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def _no_violations(page: Any) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe.Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.skipif(not has_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)")
def test_a_proposal_filled_saved_and_checked_in_the_browser(server: str, tmp_path: Path) -> None:  # noqa: F811
    sync_api = pytest.importorskip("playwright.sync_api")
    shots = Path(os.environ.get("ADVISOR_SCREENSHOTS", tmp_path))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(server + "/")
        page.fill("#name", "Kensington youth")
        page.select_option("#example", "kensington-youth-2013")
        page.click("button:has-text('Start')")
        page.click("text=Describe a proposed structure")
        page.select_option("#example", "epic-cic-2013")
        page.click("button:has-text('Fill the form from this example')")
        assert page.input_value("#adm") == "employee_mutual"
        page.fill("#award-term_years", "forty")
        page.click("button:has-text('Save and check the proposal')")
        assert "must be a number" in page.inner_text(".govuk-error-summary")
        assert page.input_value("#award-term_years") == "forty"
        page.screenshot(path=str(shots / "proposal-error.png"), full_page=True)
        page.fill("#award-term_years", "4")
        page.check("#staff-terms_changed")  # Yes (the example says no)
        _no_violations(page)
        page.screenshot(path=str(shots / "proposal-form.png"), full_page=True)
        page.click("button:has-text('Save and check the proposal')")
        assert page.locator("#checklist > li").count() > 5
        assert "Check of the proposed structure" in page.inner_text("h1")
        tags = page.locator("#checklist .govuk-tag").all_inner_texts()
        assert {"Unknown", "Pass"} <= set(tags)
        page.screenshot(path=str(shots / "proposal-check.png"), full_page=True)
        _no_violations(page)
        page.click("text=Change the proposal")
        assert page.input_value("#award-term_years") == "4"
        assert page.is_checked("#staff-terms_changed")
        assert [e for e in errors if "status of 422" not in e] == []  # the refused value's page came with 422
        browser.close()
