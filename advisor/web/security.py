"""What every response and every form post gets: security headers, a limit on request size, and a CSRF check.

CSRF is the double-submit pattern: a random token in an HttpOnly, SameSite=Strict cookie, and the same token in a
hidden field of every form; a form post whose field does not match its cookie is refused (403) before anything
else is read from it.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "advisor_csrf"
CSRF_FIELD = "csrf_token"
MAX_BODY = 1_000_000  # the CLI's limit on an answers file, in bytes
UPLOAD_LIMITS = {"/verify": 20_000_000}  # a memo to verify: `advisor verify` reads up to 8 MB; beyond it, its own refusal
HEADERS = {
    b"content-security-policy": (b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                 b"form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"),
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"no-referrer",
}


class TooLarge(Exception):
    """A request body longer than MAX_BODY."""


class Guard:
    """ASGI middleware: the security headers on every response; a request body over MAX_BODY (or the path's own
    UPLOAD_LIMITS) refused with 413."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        limit = UPLOAD_LIMITS.get(scope["path"], MAX_BODY)
        if not declared.isdigit() or int(declared) > limit:
            await _too_large(send, limit)
            return
        await self._guarded(scope, receive, send, limit)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
            return message

        async def headed(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *HEADERS.items()]
            await send(message)

        try:
            await self.app(scope, counted, headed)
        except TooLarge:
            if not started:
                await _too_large(send, limit)


async def _too_large(send: Send, limit: int) -> None:
    what = "an answers file" if limit == MAX_BODY else "this upload"
    body = f"Request refused: larger than {limit:,} bytes (the limit on {what}).".encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS.items()]})
    await send({"type": "http.response.body", "body": body})


def csrf_token(request: Request) -> str:
    """The browser's token (from its cookie), or a new one the page's response will set."""
    token = request.cookies.get(CSRF_COOKIE)
    if token is None or len(token) != 43:
        token = request.state.new_csrf = secrets.token_urlsafe(32)
    return token


async def check_csrf(request: Request) -> None:
    """Refuse (403) a form post whose token is missing or is not its cookie's."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    cookie = request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or not cookie or not hmac.compare_digest(sent.encode(), cookie.encode()):
        await form.close()  # an uploaded file's spooled copy: the route that would close it does not run
        raise HTTPException(403, "This form has expired or did not come from this site: go back, reload the page "
                                 "and try again.")


def account_of(request: Request) -> str | None:
    """The name of the account signed in for this request (None when nobody needs to sign in)."""
    name: str | None = getattr(request.state, "account", None)
    return name
