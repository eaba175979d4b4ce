"""A choice on the web is said in the words the rule base gives it (`choice_labels`): the question page's radios and
saved answer, "Check your answers" and the history; the form still posts, and the answers file still keeps, the id."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

import advisor
from tests.web.conftest import hidden, token

POWER = "delegation_power_relied_on"
ORDER = "Contracting Out (Local Authorities Social Services Functions) (England) Order 2014"


def _text(page: str) -> str:
    """The page as a person reads it: tags gone, entities read, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _radios(page: str) -> list[tuple[str, str]]:
    """Each radio of the page: the value it posts and the words of its label."""
    found = re.findall(r'<input class="govuk-radios__input" id="([\w-]+)"[^>]*value="(\w+)".*?'
                       r'<label[^>]*for="\1">([^<]*)</label>', page, re.S)
    return [(value, html.unescape(words)) for _, value, words in found]


def test_the_question_page_offers_the_powers_in_words_and_posts_their_ids(client: TestClient) -> None:
    started = client.post("/appraisals", data={"csrf_token": token(client), "name": "Children 2026"},
                          follow_redirects=False)
    url = str(started.headers["location"]).removesuffix("/question")
    page = client.get(f"{url}/question?fact={POWER}").text
    assert _radios(page) == advisor.choice_words(advisor.load_book(), POWER)
    assert ("contracting_out_order_2014", ORDER) in _radios(page)
    form = {"csrf_token": token(client), "version": hidden(page, "version"), "fact": POWER,
            "answer": "contracting_out_order_2014"}
    assert client.post(f"{url}/question", data=form, follow_redirects=False).status_code == 303
    page = client.get(f"{url}/question?fact={POWER}").text
    assert re.search(r'value="contracting_out_order_2014"\s+checked', page)
    assert f"Saved answer: {ORDER}" in _text(page)
    assert f"{POWER}: contracting_out_order_2014" in client.get(f"{url}/answers.yaml").text
    assert ORDER in _text(client.get(f"{url}/answers").text)
    assert f"not answered → {ORDER}" in _text(client.get(f"{url}/history").text)
