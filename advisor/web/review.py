"""The pages that review an appraisal's interview: the officers' task list and "Check your answers"."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

import advisor
from advisor.web.pages import store
from advisor.web.questions import verdicts_changed
from advisor.web.summary import answer_topics, officer_tasks
from advisor.web.views import page

router = APIRouter()


@router.get("/appraisals/{appraisal_id}/tasks", response_class=HTMLResponse)
def tasks(request: Request, appraisal_id: int) -> HTMLResponse:
    """Each officer's part of the interview: how much is answered and still worth asking, and its status."""
    found = store(request).get(appraisal_id)
    finished = advisor.OFFICERS.get(request.query_params.get("finished", ""))
    return page(request, "tasks.html.j2", {"appraisal": found, "tasks": officer_tasks(found.answers), "finished": finished})


@router.get("/appraisals/{appraisal_id}/answers", response_class=HTMLResponse)
def check_answers(request: Request, appraisal_id: int) -> HTMLResponse:
    """Every answer by topic with a Change link; those no verdict depends on now are marked, not hidden."""
    found = store(request).get(appraisal_id)
    topics = answer_topics(found.answers)
    rows = [row for topic in topics for row in topic.rows]
    return page(request, "answers.html.j2", {"appraisal": found, "topics": topics, "count": len(rows),
                                             "stale": sum(1 for row in rows if row.stale),
                                             "changed": verdicts_changed(appraisal_id, request,
                                                                         request.query_params.get("changed")),
                                             "saved": request.query_params.get("changed") == str(found.version)})
