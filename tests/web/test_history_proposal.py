"""A proposal's changes in the appraisal's history: listed apart from the answers' versions (they are numbered by the
proposal's own versions), with the field and old → new, and never taken for the verdicts an answer changed."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.conftest import hidden, token
from tests.web.test_proposal_api import MUTUAL, _appraisal


def test_proposal_changes_are_listed_apart_from_the_answers_versions(client: TestClient) -> None:
    number = _appraisal(client)
    url = f"/api/v1/appraisals/{number}/proposal"
    assert client.put(url, params={"version": 0}, json=MUTUAL).status_code == 200
    assert client.put(url, params={"version": 1}, json={**MUTUAL, "award": {**MUTUAL["award"], "term_years": 4}}
                      ).status_code == 200
    page = client.get(f"/appraisals/{number}/history").text
    answers_part, _, proposal_part = page.partition('id="proposal-history"')
    assert "proposal.award.term_years" in proposal_part and "3 → <strong>4</strong>" in proposal_part
    assert "proposal." not in answers_part  # no answers version shows a proposal's field
    assert re.search(r"not stated → <strong>employee_mutual</strong>", proposal_part)


def _banner(html: str) -> list[str]:
    """The verdicts the last answer changed, as the question page's banner lists them."""
    part = html.partition('id="changed-title"')[2].partition("</ul>")[0]
    return re.findall(r"<li>(.*?)</li>", part)


def test_an_answer_s_changed_verdicts_are_not_a_proposal_s(client: TestClient) -> None:
    number = _appraisal(client, "kensington-youth-2013")
    question = client.get(f"/appraisals/{number}/question?fact=sos_direction_in_force")
    form = {"csrf_token": token(client), "fact": "sos_direction_in_force", "version": hidden(question.text, "version"),
            "answer": "yes"}
    saved = client.post(f"/appraisals/{number}/question", data=form, follow_redirects=False)
    changed = _banner(client.get(saved.headers["location"]).text)
    assert changed, "the answer should change some verdict"
    version = int(saved.headers["location"].split("changed=")[1].split("&")[0])
    for proposal_version in range(version):  # the proposal's versions reach the answers' version number
        body = {**MUTUAL, "award": {**MUTUAL["award"], "term_years": 2 + proposal_version}}
        assert client.put(f"/api/v1/appraisals/{number}/proposal", params={"version": proposal_version},
                          json=body).status_code == 200
    assert _banner(client.get(saved.headers["location"]).text) == changed
