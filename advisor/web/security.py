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
    """ASGI middleware: the security headers on every response; a request body over MAX_BODY refused with 413."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > MAX_BODY:
            await _too_large(send)
            return
        await self._guarded(scope, receive, send)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
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
                await _too_large(send)


async def _too_large(send: Send) -> None:
    body = f"Request refused: larger than {MAX_BODY:,} bytes (the limit on an answers file).".encode()
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
        await form.close()  # an uploaded file's temporary copy, as the form goes no further
        raise HTTPException(403, "This form has expired or did not come from this site: go back, reload the page "
                                 "and try again.")
