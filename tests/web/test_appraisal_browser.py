"""The appraisal's pages in a real browser (Debian's chromium, driven by Playwright): the law as at a chosen date,
the matrix picture loaded under the Content-Security-Policy, a model's page (a finding opened, then a phone's width),
the law diff, the memo read in the page and downloaded, and the downloaded memo checked by upload; screenshots go to
ADVISOR_SCREENSHOTS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.web.conftest import has_chromium
from tests.web.test_browser import CHROMIUM_ARGS, server  # noqa: F401  (the fixture)


@pytest.mark.skipif(not has_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)")
def test_the_appraisal_pages_in_the_browser(server: str, tmp_path: Path) -> None:  # noqa: F811
    sync_api = pytest.importorskip("playwright.sync_api")
    shots = Path(os.environ.get("ADVISOR_SCREENSHOTS", tmp_path))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(accept_downloads=True)
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(server + "/")
        page.fill("#name", "Kensington youth")
        page.select_option("#example", "kensington-youth-2013")
        page.click("button:has-text('Start')")
        page.fill("#as_at", "1 April 2026")
        page.click("button:has-text('Apply the law as at this date')")
        assert "Law applied as at 1 April 2026" in page.inner_text("main")
        page.wait_for_function("() => document.querySelector('img.app-matrix').complete")
        assert page.evaluate("document.querySelector('img.app-matrix').naturalWidth") > 300  # the SVG drawn
        page.screenshot(path=str(shots / "appraisal.png"), full_page=True)
        page.click("#models a:has-text('Managing agent')")
        assert page.inner_text("h1") == "Managing agent" and "1 April 2026" in page.inner_text("main")
        _a_finding_opens(page)
        page.screenshot(path=str(shots / "model.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # a phone: nothing wider than the screen
        page.screenshot(path=str(shots / "model-phone.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 720})
        page.goto(page.url.replace("managing_agent", "executive_commissioners"))
        assert "What would have to change" in page.inner_text("main")
        page.screenshot(path=str(shots / "model-not-viable.png"), full_page=True)
        _diff_and_memo(page, shots, tmp_path)
        refused = [e for e in errors if "status of 422" not in e]  # the one refused date is meant to be refused
        assert refused == [] and len(errors) == 1  # nothing refused by the Content-Security-Policy, nothing missing
        browser.close()


def _a_finding_opens(page: object) -> None:
    """A finding shows its title, kind and confidence; its explanation and citations only once it is opened (by a
    click or the keyboard: a native details element, no script needed)."""
    finding = page.locator("details.app-finding").first  # type: ignore[attr-defined]
    summary, body = finding.locator("summary"), finding.locator(".govuk-details__text")
    assert "Confidence:" in summary.inner_text() and not body.is_visible()
    summary.focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert body.is_visible() and body.locator("a[rel=noreferrer]").first.is_visible()
    summary.click()
    assert not body.is_visible()


def _diff_and_memo(page: object, shots: Path, tmp_path: Path) -> None:
    """The diff between two dates, a refused date, the memo read and downloaded, then checked by upload."""
    appraisal = page.url.split("/models/")[0]  # type: ignore[attr-defined]
    page.goto(appraisal + "/diff")  # type: ignore[attr-defined]
    page.fill("#from", "1/1/2015")  # type: ignore[attr-defined]
    page.fill("#to", "1 April 2026")  # type: ignore[attr-defined]
    page.click("button:has-text('Compare')")  # type: ignore[attr-defined]
    assert "Between 1 January 2015 and 1 April 2026" in page.inner_text("main")  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / "diff.png"), full_page=True)  # type: ignore[attr-defined]
    page.fill("#to", "31/2/2026")  # type: ignore[attr-defined]
    page.click("button:has-text('Compare')")  # type: ignore[attr-defined]
    assert "not a day in the calendar" in page.inner_text(".govuk-error-summary")  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / "diff-error.png"), full_page=True)  # type: ignore[attr-defined]
    page.goto(appraisal + "/memo?as_at=1/4/2026")  # type: ignore[attr-defined]
    page.wait_for_function("() => document.querySelector('#memo img').complete")  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelector('#memo img').naturalWidth") > 300  # type: ignore[attr-defined]
    top = {"x": 0, "y": 0, "width": 1280, "height": 3000}  # the memo is long: its start
    page.screenshot(path=str(shots / "memo.png"), full_page=True, clip=top)  # type: ignore[attr-defined]
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.click("a:has-text('(.docx)')")  # type: ignore[attr-defined]
    memo = tmp_path / "memo.docx"
    download.value.save_as(memo)
    page.goto(appraisal.rsplit("/appraisals/", 1)[0] + "/verify")  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / "verify.png"), full_page=True)  # type: ignore[attr-defined]
    page.set_input_files("#memo", str(memo))  # type: ignore[attr-defined]
    page.click("button:has-text('Check the memo')")  # type: ignore[attr-defined]
    assert "memo.docx is intact" in page.inner_text("main")  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / "verify-intact.png"), full_page=True)  # type: ignore[attr-defined]
