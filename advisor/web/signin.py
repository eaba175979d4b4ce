"""Who may get in: once accounts exist (or whenever the service listens on an address others can reach), every page
and API call needs a signed-in session. Pages send a visitor to the sign-in page, API calls get 401.

The session is a cookie signed with the instance's key (kept in the database, so every server process accepts the
others' cookies): HttpOnly, SameSite=Lax, Secure when the request came over HTTPS, valid for a working day and
only while its account exists (not one added later under the same name).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from itsdangerous import BadData, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

import advisor
from advisor.web.pages import fields
from advisor.web.security import check_csrf
from advisor.web.views import page

SESSION_COOKIE = "advisor_session"
SESSION_SECONDS = 10 * 3600
FAILED = "Enter the name and password of an account on this service"
router = APIRouter(include_in_schema=False)


class SignInNeeded(Exception):
    """The request needs a signed-in session and has none."""


class Gate:
    """The accounts, whether sign-in is needed even without any (an address others can reach), and the cookie's
    signer."""

    def __init__(self, accounts: advisor.Accounts, required: bool) -> None:
        self.accounts = accounts
        self.required = required
        self.signer = URLSafeTimedSerializer(accounts.session_key(), salt="advisor-session")

    def name_in(self, request: Request) -> str | None:
        """The account whose session the request carries (None when it has none, or a forged or expired one)."""
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None
        try:
            signed = self.signer.loads(cookie, max_age=SESSION_SECONDS)
        except BadData:
            return None
        if not (isinstance(signed, list) and len(signed) == 2 and isinstance(signed[0], str)):
            return None
        name, identity = signed
        return name if identity is not None and self.accounts.identity_of(name) == identity else None

    def cookie_for(self, name: str) -> str:
        """A session cookie's value for the account: its name and identity, signed (a session ends with its account,
        and an account of the same name added later does not inherit it)."""
        return self.signer.dumps([name, self.accounts.identity_of(name)])

    def open_to_all(self) -> bool:
        """Whether anyone may come in: on loopback, with no account."""
        return not self.required and not self.accounts.any()


def gate(request: Request) -> Gate:
    """The application's gate."""
    found: Gate = request.app.state.gate
    return found


def signed_in(request: Request) -> None:
    """Let the request through when signed in (its account in request.state.account) or when sign-in is off."""
    name = gate(request).name_in(request)
    if name is not None:
        request.state.account = name
    elif not gate(request).open_to_all():
        raise SignInNeeded


async def _sign_in_needed(request: Request, _error: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "Sign in first: this service needs a signed-in session (sign in at /sign-in)"},
                            status_code=401)
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/sign-in?next={quote(wanted, safe='')}", status_code=303)


def local(target: str) -> str:
    """A path on this site to go to after signing in; anything else (another site, odd characters) is the list."""
    if (target.startswith("/") and not target.startswith("//") and "\\" not in target and len(target) <= 2000
            and target.isprintable()):
        return target
    return "/"


@router.get("/sign-in")
def sign_in_page(request: Request) -> Response:
    """The sign-in form (the list itself when nobody needs to sign in)."""
    if gate(request).open_to_all():
        return RedirectResponse("/", status_code=303)
    return page(request, "sign-in.html.j2", {"next": local(request.query_params.get("next", "/")), "error": None,
                                             "name": ""})


@router.post("/sign-in", dependencies=[Depends(check_csrf)])
async def sign_in(request: Request) -> Response:
    """Sign in and go on to the page asked for; a failure says only that the pair was wrong, never which."""
    given = await fields(request)
    name, target = given.get("name", ""), local(given.get("next", "/"))
    if await run_in_threadpool(gate(request).accounts.check, name, given.get("password", "")):
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(SESSION_COOKIE, gate(request).cookie_for(name), httponly=True, samesite="lax",
                            secure=request.url.scheme == "https", path="/")
        return response
    shown = name if len(name) <= 100 and name.isprintable() else ""
    return page(request, "sign-in.html.j2", {"next": target, "error": FAILED, "name": shown}, 401)


@router.post("/sign-out", dependencies=[Depends(check_csrf)])
def sign_out(request: Request) -> Response:
    """End the session; back to the sign-in page."""
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=request.url.scheme == "https")
    return response


def install(app: FastAPI, required: bool) -> None:
    """Give the application its gate over the store's accounts, the sign-in pages, and the answer to SignInNeeded."""
    app.state.gate = Gate(advisor.Accounts(app.state.store), required)
    app.include_router(router)
    app.add_exception_handler(SignInNeeded, _sign_in_needed)
