"""End to end in a real browser (Debian's chromium, driven by Playwright): a whole interview with several "I don't
know" answers, the officers' task list, Check your answers, an answer changed there with the verdicts it changed
shown, the history with that change, an earlier version viewed; screenshots go to ADVISOR_SCREENSHOTS."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import has_chromium
from tests.web.test_browser import CHROMIUM_ARGS, server  # noqa: F401  (the server fixture)

KNOWN_TEXT = {"council_name": "Harwick Vale"}  # the text answers given; every other text question: "I don't know"


def _answer_one(page: Any, step: int) -> bool:
    """Answer the question shown (the first choice, or "I don't know" every third time); whether it was unknown."""
    fact = page.input_value("input[name=fact]")
    choices = page.locator("input[name=answer][type=radio], input[name=answer][type=checkbox]")
    if step % 3 == 2 or (choices.count() == 0 and fact not in KNOWN_TEXT):
        page.click("button:has-text(\"I don't know\")")
        return True
    if choices.count():
        choices.first.check()
    else:
        page.fill("#answer", KNOWN_TEXT[fact])
    page.click("button:has-text('Save and continue')")
    return False


def _interview(page: Any, shots: Path) -> int:
    """Answer every question worth asking, until the appraisal page says the interview is done; the unknowns given."""
    unknowns = 0
    for step in range(300):
        if "/question" not in page.url:
            return unknowns
        assert page.locator(".govuk-error-summary").count() == 0, page.inner_text("main")
        if step == 3:
            page.screenshot(path=str(shots / "review-1-question.png"), full_page=True)
        unknowns += _answer_one(page, step)
    raise AssertionError("the interview did not end within 300 questions")


@pytest.mark.skipif(not has_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)")
def test_a_whole_interview_then_a_change_from_check_your_answers(server: str, tmp_path: Path) -> None:  # noqa: F811
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
        unknowns = _interview(page, shots)
        assert unknowns >= 3 and re.search(r"/appraisals/1\?finished=1$", page.url)
        page.screenshot(path=str(shots / "review-2-appraisal.png"), full_page=True)
        page.click("text=Questions by officer")
        assert page.locator(".govuk-task-list__item").count() == 5
        assert page.locator(".govuk-task-list__status:has-text('Completed')").count() == 5
        page.screenshot(path=str(shots / "review-3-tasks.png"), full_page=True)
        page.click("text=Check your answers")
        assert page.locator(".govuk-summary-list__value:has-text(\"I don't know\")").count() == unknowns
        page.screenshot(path=str(shots / "review-4-answers.png"), full_page=True)
        row = page.locator("#fact-sos_direction_in_force")  # the Secretary of State's direction: yes, changed to no
        assert row.locator(".govuk-summary-list__value").inner_text().startswith("Yes")
        row.locator("a:has-text('Change')").click()
        page.check("input[name=answer][value=no]")
        page.click("button:has-text('Save and continue')")
        assert "/answers?changed=" in page.url
        banner = page.inner_text("#changed-verdicts")
        assert re.search(r"\w: (Viable|Viable with conditions|Not viable|Undetermined) → \w", banner), banner
        assert page.locator("#fact-sos_direction_in_force .govuk-summary-list__value").inner_text().startswith("No")
        page.screenshot(path=str(shots / "review-5-changed.png"), full_page=True)
        page.click("text=History of changes")
        assert "yes → no" in page.inner_text("#history tbody tr >> nth=0")
        page.screenshot(path=str(shots / "review-6-history.png"), full_page=True)
        page.click("#history tbody tr >> nth=1 >> a")
        assert page.locator("button:has-text('Restore these answers')").count() == 1
        page.screenshot(path=str(shots / "review-7-version.png"), full_page=True)
        assert errors == []  # no script or style refused by the Content-Security-Policy, nothing missing
        browser.close()
