"""Accessibility in a real browser (Debian's chromium driven by Playwright; no browser is downloaded): every page of
the service, found by crawling its links from the list of appraisals, its error states (a refused answer, a refused
form, a missing page, a stale save), a checked proposal, the timetables (a late step, a refused date) and a model's
findings opened pass axe-core at WCAG 2.2 AA; and an interview is done with the keyboard alone, the focus always
visible. Screenshots at 1280 and 375 pixels wide go to ADVISOR_SCREENSHOTS when it is set."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

import advisor
from advisor.web.answers import example_answers
from advisor.web.interview import answer
from advisor.web.pages import BLANK
from tests.web.conftest import has_chromium, serving
from tests.web.test_browser import CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(not has_chromium(), reason="Debian's chromium is not installed (apt-get install chromium)")

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NOT_PAGES = re.compile(r"\.(docx|pdf|md|html?|ya?ml|svg|png|json|csv|ics|txt|zip)$|^/(static|api)/")
LIMIT = 200  # pages crawled at most
EXAMPLE = "harwick-vale-care-2025"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`advisor serve` over a database holding a blank appraisal (1, its name a long word), one mid-interview (2)
    and one from an example (3)."""
    database = f"sqlite:///{tmp_path_factory.mktemp('accessibility') / 'a.sqlite3'}"
    store = advisor.open_store(database)
    store.create("Blank: Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch libraries", BLANK, None)
    store.create("Harwick Vale leisure, half answered", answer(BLANK, None, "council_name", "Harwick Vale").text, None)
    store.create("Harwick Vale care (example)", example_answers(EXAMPLE), None)  # the last made: first in the list
    store.close()
    with serving("--database", database) as address:
        yield address


@pytest.fixture
def browser_page(site: str) -> Iterator[Any]:
    """A chromium page that may reach only the service: any request elsewhere is refused and reported."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        elsewhere: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site)
                      else (elsewhere.append(route.request.url), route.abort()))
        page = context.new_page()
        yield page
        browser.close()
        assert elsewhere == [], f"the pages or axe-core reached outside the service: {elsewhere}"


def page_key(href: str) -> tuple[str, frozenset[str]]:
    """A page's pattern: its path and the names of its query's fields (?fact=a and ?fact=b are one page to check),
    each appraisal's own page apart but the pages under it once for all appraisals (the first in the list shows them:
    the example's, with the most on them)."""
    parts = urlsplit(href)
    path = re.sub(r"^/appraisals/\d+/", "/appraisals/N/", parts.path)
    return path, frozenset(name for name, _ in parse_qsl(parts.query))


def links(page: Any) -> list[str]:
    """The same-site links on the page that lead to pages (not downloads, not static files, not the API)."""
    hrefs: list[str] = page.eval_on_selector_all('a[href^="/"]', "found => found.map(a => a.getAttribute('href'))")
    kept = [href.split("#")[0] for href in hrefs if not href.startswith("//")]
    return [href for href in kept if href and not NOT_PAGES.search(urlsplit(href).path)]


def violations(page: Any) -> list[str]:
    """What axe-core finds wrong with the page at WCAG 2.2 AA, one readable paragraph each."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        nodes = "".join(f"\n    at {', '.join(map(str, node['target']))}: {node['html'][:200]}\n      "
                        + node.get("failureSummary", "").replace("\n", "\n      ") for node in violation["nodes"])
        found.append(f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}{nodes}")
    return found


def shoot(page: Any, name: str) -> None:
    """Full-page screenshots at 1280 and 375 pixels wide, when ADVISOR_SCREENSHOTS names a folder."""
    folder = os.environ.get("ADVISOR_SCREENSHOTS")
    if not folder:
        return
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def shot_name(href: str) -> str:
    """A screenshot's name for a page: its path and its query's field names."""
    path, names = urlsplit(href).path, page_key(href)[1]
    return re.sub(r"[^a-z0-9]+", "-", (path + "-" + "-".join(sorted(names))).lower()).strip("-") or "home"


def test_axe_core_finds_a_fault_on_a_page(site: str, browser_page: Any) -> None:
    """The check below can fail: a label taken off the name field is a violation, named and placed."""
    browser_page.goto(site + "/")
    assert violations(browser_page) == []
    browser_page.evaluate("document.querySelector('label[for=name]').remove()")
    found = violations(browser_page)
    assert len(found) == 1 and "label (critical)" in found[0] and "#name" in found[0], found


def test_every_page_found_by_crawling_passes_axe_core(site: str, browser_page: Any) -> None:
    page, problems = browser_page, []
    queue, seen, visited = ["/"], set(), []
    while queue and len(visited) < LIMIT:
        href = queue.pop(0)
        if page_key(href) in seen:
            continue
        seen.add(page_key(href))
        response = page.goto(site + href)
        if response is None or response.status != 200:
            problems.append(f"{href}: answered {response.status if response else 'nothing'}, linked from a page")
        visited.append(href)
        problems += violations(page)
        shoot(page, shot_name(href))
        queue += links(page)
    assert len(visited) >= 6, visited  # the list, three appraisals, a question and a delete page at least
    assert {"/", "/appraisals/1", "/appraisals/2", "/appraisals/3/question", "/appraisals/3/delete"} <= set(visited)
    assert problems == [], f"{len(problems)} problems on {len(visited)} pages:\n\n" + "\n\n".join(problems)


def test_error_states_pass_axe_core(site: str, browser_page: Any) -> None:
    page, problems = browser_page, []
    page.goto(site + "/")
    page.click("button:has-text('Start')")  # no name given
    assert "Enter a name for the appraisal" in page.inner_text(".govuk-error-summary")
    problems += violations(page)
    shoot(page, "error-start")
    page.goto(site + "/appraisals/2/question?fact=services")
    page.click("button:has-text('Save and continue')")  # no service chosen
    assert "every choice that applies" in page.inner_text(".govuk-error-summary")
    problems += violations(page)
    shoot(page, "error-question")
    assert page.goto(site + "/no-such-page").status == 404  # type: ignore[union-attr]
    problems += violations(page)
    shoot(page, "error-404")
    problems += _conflict(page, site) + _proposal_checked(page, site) + _timetables(page, site)
    assert problems == [], f"{len(problems)} problems:\n\n" + "\n\n".join(problems)


def test_a_models_findings_opened_pass_axe_core(site: str, browser_page: Any) -> None:
    """A model's findings, folded on its page, reached with the keyboard (the focus shown) and opened with Enter;
    then every one opened (their explanations, tags and citations) passes axe-core at both widths."""
    page = browser_page
    page.goto(site + "/appraisals/3/models/charity")
    tab_to(page, "details.app-finding summary")
    page.keyboard.press("Enter")
    assert page.locator("details.app-finding").first.evaluate("details => details.open")
    page.evaluate("document.querySelectorAll('details.app-finding').forEach(details => { details.open = true; })")
    problems = violations(page)
    shoot(page, "model-findings-opened")
    page.set_viewport_size({"width": 375, "height": 900})
    problems += violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert problems == [], f"{len(problems)} problems:\n\n" + "\n\n".join(problems)


def _proposal_checked(page: Any, site: str) -> list[str]:
    """The proposal form filled from an embedded example (a form sent by GET, which the crawl does not send), then
    saved and checked: the checklist with its tags and table of thresholds."""
    page.goto(site + "/appraisals/3/proposal?example=worcestershire-wocc-2019")
    found = violations(page)
    shoot(page, "proposal-example")
    page.click("button:has-text('Save and check the proposal')")
    assert "Check of the proposed structure" in page.inner_text("h1") and page.locator(".govuk-tag").count() > 1
    shoot(page, "proposal-checked")
    return found + violations(page)


def _timetables(page: Any, site: str) -> list[str]:
    """A route's timetable with a late step (its red tag), then with a date refused (the error summary); the
    proposal's checklist with a step its dates make impossible, and its route's timetable, reached from there."""
    route = "/appraisals/3/timetable?adm=wholly_owned_company&form=company_limited_by_shares"
    page.goto(site + route + "&today=1/1/2030")
    assert "Late" in page.inner_text("#dated") and "was due on" in page.inner_text("#dated")
    found = violations(page)
    shoot(page, "timetable-late")
    assert page.goto(site + route + "&today=soon").status == 422
    assert "Late judged on" in page.inner_text(".govuk-error-summary")
    found += violations(page)
    shoot(page, "error-timetable")
    page.goto(site + "/appraisals/3/proposal/check?today=1/1/2030")  # its deadline past: an impossible step
    assert "Impossible" in page.inner_text("#impossible-steps")
    found += violations(page)
    shoot(page, "proposal-impossible")
    page.click("#timetable-link")
    assert page.inner_text("h1").startswith("Timetable:")
    shoot(page, "timetable-proposal")
    return found + violations(page)


def _conflict(page: Any, site: str) -> list[str]:
    """A stale save: the page opened before another tab saved the same question; both pages checked."""
    other = page.context.new_page()
    page.goto(site + "/appraisals/2/question?fact=services")
    other.goto(site + "/appraisals/2/question?fact=services")
    other.click("button:has-text(\"I don't know\")")
    found = violations(other)  # the next question, perhaps with the verdicts the answer changed
    page.click("button:has-text(\"I don't know\")")
    assert "This appraisal changed since you opened it" in page.inner_text("h1")
    shoot(page, "error-conflict")
    return found + violations(page)


# The focus is shown when the focused element (a radio's or checkbox's drawn box) differs from itself unfocused by an
# outline that can be seen, a box shadow or a background: a change of text colour alone is not enough.
FOCUS_SHOWN = r"""() => {
  const element = document.activeElement;
  if (!element || element === document.body) return 'nothing has the focus';
  const box = element.matches('input[type=radio], input[type=checkbox]') ? element.labels[0] : element;
  const pseudo = box === element ? null : '::before';
  const look = () => { const s = getComputedStyle(box, pseudo);
    const seen = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 && !/, 0\)$|transparent/.test(s.outlineColor);
    const outline = seen ? s.outlineStyle + s.outlineWidth + s.outlineColor : 'no outline';
    return [outline, s.boxShadow, s.backgroundColor].join(' | '); };
  const focused = look();
  element.blur();
  const unfocused = look();
  element.focus();
  const size = box.getBoundingClientRect();
  if (size.width < 1 || size.height < 1) return 'the focus is on something not shown: ' + element.outerHTML.slice(0, 160);
  return focused === unfocused ? 'the focus is not shown on ' + element.outerHTML.slice(0, 160) : '';
}"""


def focus_on(page: Any, selector: str) -> bool:
    """Whether the element with the focus matches the selector."""
    return bool(page.evaluate("selector => document.activeElement.matches(selector)", selector))


def tab_to(page: Any, selector: str, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the selector's element has the focus (unless it has it), the focus shown at
    every stop."""
    for _ in range(60):
        if focus_on(page, selector):
            return
        page.keyboard.press(key)
        assert page.evaluate(FOCUS_SHOWN) == "", page.url
    raise AssertionError(f"{key} never reached {selector} on {page.url}")


def press_and_load(page: Any, key: str) -> None:
    """Press a key that sends a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def first_tab_is_the_skip_link(page: Any) -> None:
    """The first Tab on a page reaches the skip link, shown, and it leads into the main content (the focus left
    on its first control or link)."""
    page.keyboard.press("Tab")
    assert focus_on(page, "a.govuk-skip-link"), page.url
    assert page.evaluate(FOCUS_SHOWN) == ""
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focus_on(page, "main *"), f"after the skip link, Tab went to {page.evaluate('document.activeElement.outerHTML')}"


def answered(page: Any) -> int:
    """The count of answers the question page shows."""
    found = re.search(r"Answered: (\d+)", page.inner_text("#progress"))
    assert found, page.inner_text("#progress")
    return int(found.group(1))


def test_an_interview_by_keyboard_alone(site: str, browser_page: Any) -> None:
    page = browser_page
    page.goto(site + "/")
    first_tab_is_the_skip_link(page)
    tab_to(page, "#name")
    page.keyboard.type("Typed, never clicked")
    tab_to(page, "#example")  # left at "Blank"
    tab_to(page, "button[type=submit]")
    press_and_load(page, "Enter")
    first_tab_is_the_skip_link(page)
    tab_to(page, "#answer")
    page.keyboard.type("Harwick Vale")
    press_and_load(page, "Enter")  # a text field's Enter sends the form with its first button, Save and continue
    assert answered(page) == 1
    _checkboxes_after_an_error(page)
    assert answered(page) == 2
    _radios(page)
    assert answered(page) == 3
    tab_to(page, "button[name=unknown]")
    tab_to(page, "button:not([name])", "Shift+Tab")  # Save and continue, just before
    tab_to(page, "button[name=unknown]")
    press_and_load(page, "Space")  # I don't know
    assert answered(page) == 4
    tab_to(page, "summary")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details').open")
    tab_to(page, "a[href$='/appraisals/4']")  # See the appraisal so far
    press_and_load(page, "Enter")
    assert "Typed, never clicked" in page.inner_text("h1")
    assert page.locator(".govuk-tag").count() >= 19


def _checkboxes_after_an_error(page: Any) -> None:
    """Which services: sent with none chosen, the error summary's link leads to the first box; two chosen by Space."""
    tab_to(page, "button:not([name])")
    press_and_load(page, "Enter")
    assert focus_on(page, ".govuk-error-summary")  # govuk-frontend moves the focus to the summary
    tab_to(page, ".govuk-error-summary a")
    page.keyboard.press("Enter")
    assert focus_on(page, "#answer")
    page.keyboard.press("Space")
    tab_to(page, "#answer-3")
    page.keyboard.press("Space")
    tab_to(page, "button:not([name])")
    press_and_load(page, "Enter")


def _radios(page: Any) -> None:
    """A yes or no question: Tab into the radios, Space chooses the first, the arrow key the next; then Save."""
    assert page.locator("input[type=radio]").count() >= 2, "the third question was expected to be yes or no"
    tab_to(page, "#answer")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.querySelector('#answer-2').checked")
    assert page.evaluate(FOCUS_SHOWN) == ""
    tab_to(page, "button:not([name])")
    press_and_load(page, "Enter")
