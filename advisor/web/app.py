"""The web application: its routes, static files, security middleware, and errors as pages or JSON, never a 500
with a traceback."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator
from pathlib import Path

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

import advisor
from advisor.web import (
    api,
    api_appraisal,
    api_plan,
    appraisal_pages,
    history,
    law_pages,
    manage,
    pages,
    proposal_api,
    proposal_pages,
    questions,
    review,
    signin,
    timetable_pages,
    verify_page,
)
from advisor.web.api_models import publish
from advisor.web.security import Guard
from advisor.web.views import compile_templates, problem_page

STATIC = Path(__file__).resolve().parent / "static"
REQUEST_THREADS = 6  # requests served at once by one process (the others wait their turn)


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if _api(request) and error.status_code == 400:  # a body that cannot be read as JSON at all
        return JSONResponse({"detail": [{"loc": ["body"], "msg": "the body is not JSON (UTF-8 text): give the fields "
                                         "the API's document names", "type": "json_invalid"}]}, status_code=422)
    if _api(request):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)
    titles = {403: "This form could not be accepted", 404: "Page not found"}
    detail = error.detail if error.status_code == 403 else "There is no such page. Go back to the list of appraisals."
    return problem_page(request, error.status_code, titles.get(error.status_code, "There is a problem"), str(detail))


async def _advisor_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, advisor.AdvisorError)
    status = 404 if isinstance(error, advisor.NoSuchAppraisal) else 422
    if _api(request):
        where = ["path", "appraisal_id"] if status == 404 else []
        return JSONResponse({"detail": [{"loc": where, "msg": error.message, "type": "advisor"}]}, status_code=status)
    return problem_page(request, status, "There is a problem", error.message)


async def _invalid(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if _api(request):
        problems = [{"loc": list(problem["loc"]), "msg": problem["msg"], "type": problem["type"]} for problem in error.errors()]
        return JSONResponse({"detail": problems}, status_code=422)  # not the input: it may be no JSON value (NaN)
    return problem_page(request, 404, "Page not found", "There is no such page. Go back to the list of appraisals.")


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    if app.state.prepare:
        # requests share one interpreter lock: a few threads keep the processor as busy as forty, holding a few
        # requests' working memory at once rather than forty
        anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        # before the first request: the pages, the engine for today's law, a new appraisal's plan
        compile_templates()
        advisor.prepare_new_appraisals()
        gc.collect()
        gc.freeze()  # what start made lives as long as the process: later collections need not go through it again
    yield
    app.state.store.close()


def create_app(database_url: str, sign_in_required: bool = False, prepare: bool = False) -> FastAPI:
    """The application over the appraisals at the database URL (migrated to the latest on start); sign-in is needed
    once an account exists, or always when `sign_in_required` (an address others can reach). With `prepare`, what
    every new interview needs first is worked out on start, before the first officer waits for it."""
    app = FastAPI(title="ADM Advisor", version=advisor.__version__, openapi_url="/api/v1/openapi.json",
                  docs_url=None, redoc_url=None, lifespan=_lifespan)
    app.state.store, app.state.prepare = advisor.open_store(database_url), prepare
    app.add_middleware(Guard)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    signin.install(app, sign_in_required)
    for router in (manage.router, pages.router, appraisal_pages.router, law_pages.router, verify_page.router,
                   questions.router, review.router, history.router, api.router, api_appraisal.router,
                   proposal_pages.router, proposal_api.router, timetable_pages.router,
                   api_plan.router):
        app.include_router(router, dependencies=[Depends(signin.signed_in)])
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(advisor.AdvisorError, _advisor_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    publish(app)
    return app
