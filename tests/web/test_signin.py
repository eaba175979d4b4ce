"""Sign-in: with an account, every page sends a visitor to the sign-in page and every API call is 401 until they
sign in; a wrong name or password gets an error summary that does not say which was wrong; odd input is never a
500; the history records who changed an answer; an address others can reach needs an account (checked, and in a
real `advisor serve --host 0.0.0.0`)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener

import pytest
from fastapi.testclient import TestClient
from httpx import Response

import advisor
from advisor.web.app import create_app
from advisor.web.server import address, check_host
from tests.web.conftest import free_port, hidden, token

PASSWORD = "correct horse battery"


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[TestClient]:
    """A client of a service that has one account (jsmith), not signed in; its CSRF cookie set by the sign-in page."""
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    accounts = advisor.open_accounts(url)
    accounts.add("jsmith", PASSWORD)
    accounts.store.close()
    with TestClient(create_app(url)) as app_client:
        app_client.get("/sign-in")
        yield app_client


def sign_in(client: TestClient, name: str = "jsmith", password: str = PASSWORD, target: str = "/") -> Response:
    """Post the sign-in form as a browser would."""
    return client.post("/sign-in", data={"csrf_token": token(client), "name": name, "password": password,
                                         "next": target}, follow_redirects=False)


def test_pages_send_a_visitor_to_sign_in_and_the_api_says_401(guarded: TestClient) -> None:
    for path in ("/", "/appraisals/1", "/appraisals/1/question?for=hr", "/appraisals/1/answers.yaml"):
        reply = guarded.get(path, follow_redirects=False)
        assert reply.status_code == 303, path
        assert reply.headers["location"].startswith("/sign-in?next=%2Fappraisals" if "appraisals" in path
                                                    else "/sign-in?next=%2F")
    started = guarded.post("/appraisals", data={"csrf_token": token(guarded), "name": "x"}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/sign-in")
    for method, path in (("GET", "/api/v1/appraisals"), ("POST", "/api/v1/assess"), ("GET", "/api/v1/appraisals/1")):
        reply = guarded.request(method, path)
        assert reply.status_code == 401 and "Sign in first" in reply.json()["detail"], path
    page = guarded.get("/")  # followed: the sign-in page a person sees
    assert page.status_code == 200 and "<h1 class=\"govuk-heading-l\">Sign in</h1>" in page.text
    assert 'autocomplete="current-password"' in page.text and "Sign out" not in page.text


def test_signing_in_opens_the_pages_and_the_api_and_signing_out_closes_them(guarded: TestClient) -> None:
    reply = sign_in(guarded, target="/api/v1/appraisals")
    assert reply.status_code == 303 and reply.headers["location"] == "/api/v1/appraisals"
    cookie = reply.headers["set-cookie"].lower()
    assert "advisor_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # plain HTTP here; over HTTPS it is Secure (below)
    assert guarded.get("/api/v1/appraisals").json() == []
    listing = guarded.get("/")
    assert listing.status_code == 200 and "Signed in as jsmith" in listing.text and "Sign out" in listing.text
    assert guarded.post("/sign-out", data={}).status_code == 403  # CSRF-protected like every form
    out = guarded.post("/sign-out", data={"csrf_token": token(guarded)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/sign-in"
    assert guarded.get("/api/v1/appraisals").status_code == 401


def test_the_session_cookie_is_secure_over_https(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    accounts = advisor.open_accounts(url)
    accounts.add("jsmith", PASSWORD)
    accounts.store.close()
    with TestClient(create_app(url), base_url="https://testserver") as client:
        client.get("/sign-in")
        assert "secure" in sign_in(client).headers["set-cookie"].lower()
        assert client.get("/api/v1/appraisals").status_code == 200


def test_the_csrf_cookie_is_secure_over_https_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    for base, secure in (("https://testserver", True), ("http://testserver", False)):
        with TestClient(create_app(url), base_url=base) as client:
            cookie = client.get("/").headers["set-cookie"].lower()
            assert "advisor_csrf=" in cookie and ("secure" in cookie) is secure


def test_a_wrong_name_or_password_gets_the_same_error_summary(guarded: TestClient) -> None:
    wrong_password, wrong_name = sign_in(guarded, password="wrong password"), sign_in(guarded, name="nobody")
    for reply in (wrong_password, wrong_name):
        assert reply.status_code == 401 and "advisor_session" not in reply.headers.get("set-cookie", "")
        assert "govuk-error-summary" in reply.text and "Enter the name and password of an account" in reply.text
        assert "<title>Error: Sign in" in reply.text
    assert wrong_password.text.replace('value="jsmith"', 'value="nobody"') == wrong_name.text
    assert guarded.get("/api/v1/appraisals").status_code == 401


@pytest.mark.parametrize("form", [
    {"name": "jsmith\x00", "password": "x"}, {"name": "x" * 5000, "password": "y" * 100_000},
    {"name": "\u202e", "password": "\x00"}, {}, {"name": "jsmith"}, {"password": PASSWORD},
])
def test_odd_sign_in_input_is_a_refusal_never_a_500(guarded: TestClient, form: dict[str, str]) -> None:
    reply = guarded.post("/sign-in", data={"csrf_token": token(guarded), **form})
    assert reply.status_code == 401 and "There is a problem" in reply.text


def test_a_sign_in_that_is_not_utf_8_is_a_refusal_never_a_500(guarded: TestClient) -> None:
    body = f"csrf_token={token(guarded)}&name=%ED%A0%80%FF&password=%FF%FE".encode()
    reply = guarded.post("/sign-in", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
    assert reply.status_code == 401 and "There is a problem" in reply.text


def test_a_sign_in_without_its_csrf_token_is_refused(guarded: TestClient) -> None:
    reply = guarded.post("/sign-in", data={"name": "jsmith", "password": PASSWORD}, follow_redirects=False)
    assert reply.status_code == 403 and "advisor_session" not in reply.headers.get("set-cookie", "")


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/", "/\\elsewhere.example",
                                    "javascript:alert(1)"])
def test_after_signing_in_it_goes_nowhere_but_this_site(guarded: TestClient, target: str) -> None:
    assert sign_in(guarded, target=target).headers["location"] == "/"


def test_a_forged_session_or_a_removed_account_gets_no_further(guarded: TestClient, tmp_path: Path) -> None:
    guarded.cookies.set("advisor_session", '"jsmith".forged.signature')
    assert guarded.get("/api/v1/appraisals").status_code == 401
    guarded.cookies.delete("advisor_session")
    assert sign_in(guarded).status_code == 303 and guarded.get("/api/v1/appraisals").status_code == 200
    accounts: advisor.Accounts = guarded.app.state.gate.accounts  # type: ignore[attr-defined]
    accounts.add("another", PASSWORD)  # with none left, loopback would be open to all again
    accounts.remove("jsmith")
    assert guarded.get("/api/v1/appraisals").status_code == 401
    accounts.add("jsmith", PASSWORD)  # the same name again is another account: the old session does not open it
    assert guarded.get("/api/v1/appraisals").status_code == 401
    assert sign_in(guarded).status_code == 303 and guarded.get("/api/v1/appraisals").status_code == 200


def test_an_account_removed_and_added_again_does_not_take_over_its_old_sessions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    accounts = advisor.open_accounts(url)
    accounts.add("another", PASSWORD)
    accounts.add("jsmith", PASSWORD)  # the newest account: SQLite gives a new one the same number once it is removed
    with TestClient(create_app(url)) as client:
        client.get("/sign-in")
        assert sign_in(client).status_code == 303 and client.get("/api/v1/appraisals").status_code == 200
        accounts.remove("jsmith")
        accounts.add("jsmith", PASSWORD)
        assert client.get("/api/v1/appraisals").status_code == 401
    accounts.store.close()


def test_the_history_says_who_changed_an_answer(guarded: TestClient) -> None:
    sign_in(guarded)
    started = guarded.post("/appraisals", data={"csrf_token": token(guarded), "name": "Leisure 2026"},
                           follow_redirects=False)
    question = started.headers["location"]
    html = guarded.get(question).text
    saved = guarded.post(question, data={"csrf_token": token(guarded), "version": hidden(html, "version"),
                                         "fact": hidden(html, "fact"), "answer": "Harwick Vale"}, follow_redirects=False)
    assert saved.status_code == 303
    store: advisor.AppraisalStore = guarded.app.state.store  # type: ignore[attr-defined]
    [change] = store.history(int(question.split("/")[2]))
    assert change.by == "jsmith" and change.new == "Harwick Vale"


def test_the_history_says_who_started_and_who_renamed_an_appraisal(guarded: TestClient) -> None:
    sign_in(guarded)
    started = guarded.post("/appraisals", data={"csrf_token": token(guarded), "name": "Leisure 2026"},
                           follow_redirects=False)
    appraisal = started.headers["location"].removesuffix("/question")
    form = guarded.get(appraisal + "/rename").text
    renamed = guarded.post(appraisal + "/rename", data={"csrf_token": token(guarded), "name": "Leisure 2027",
                                                        "version": hidden(form, "version")}, follow_redirects=False)
    assert renamed.status_code == 303
    store: advisor.AppraisalStore = guarded.app.state.store  # type: ignore[attr-defined]
    versions = store.versions(int(appraisal.split("/")[2]))
    assert [(v.version, v.by, v.renamed_from) for v in versions] == [(2, "jsmith", "Leisure 2026"), (1, "jsmith", None)]
    page = guarded.get(appraisal + "/history").text
    assert page.count("jsmith") >= 2 and "Renamed from ‘Leisure 2026’ to ‘Leisure 2027’" in page


def test_on_loopback_with_no_account_nobody_signs_in_and_the_history_says_nobody(client: TestClient) -> None:
    assert client.get("/sign-in", follow_redirects=False).headers["location"] == "/"
    assert client.get("/api/v1/appraisals").status_code == 200
    started = client.post("/appraisals", data={"csrf_token": token(client), "name": "Leisure"}, follow_redirects=False)
    html = client.get(started.headers["location"]).text
    client.post(started.headers["location"], data={"csrf_token": token(client), "version": hidden(html, "version"),
                                                   "fact": hidden(html, "fact"), "answer": "Harwick Vale"})
    store: advisor.AppraisalStore = client.app.state.store  # type: ignore[attr-defined]
    assert [change.by for change in store.history(int(started.headers["location"].split("/")[2]))] == [None]


def test_served_to_others_with_no_account_nobody_gets_in(tmp_path: Path) -> None:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'a.sqlite3'}", sign_in_required=True)) as client:
        assert client.get("/", follow_redirects=False).headers["location"] == "/sign-in?next=%2F"
        assert client.get("/api/v1/appraisals").status_code == 401


def test_an_address_others_can_reach_needs_an_account() -> None:
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        check_host(host, has_accounts=False)
    check_host("0.0.0.0", has_accounts=True)
    with pytest.raises(advisor.AccountError, match="--host 0.0.0.0: refusing .* `advisor users add NAME`") as refused:
        check_host("0.0.0.0", has_accounts=False)
    assert refused.value.exit_code == 2


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _first_answer(url: str, deadline: float) -> tuple[int, str]:
    """The status and location of the server's first answer (a redirect, not followed), waiting for it to start."""
    opener = build_opener(_NoRedirect)
    while time.monotonic() < deadline:
        try:
            opener.open(Request(url), timeout=5)
        except HTTPError as answer:
            with answer:
                return answer.code, answer.headers["location"]
        except OSError:
            time.sleep(0.3)
            continue
        raise AssertionError(f"{url} answered without asking to sign in")
    raise AssertionError("advisor serve did not start listening within 60 s")


def test_serving_to_the_network_is_refused_without_an_account_and_asks_for_sign_in_with_one(tmp_path: Path) -> None:
    url, port = f"sqlite:///{tmp_path / 'a.sqlite3'}", free_port()
    command = [sys.executable, "-m", "advisor", "serve", "--host", "0.0.0.0", "--port", str(port), "--database", url]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert refused.returncode == 2 and "refusing to listen on an address other computers can reach" in refused.stderr
    subprocess.run([sys.executable, "-m", "advisor", "users", "add", "jsmith", "--password-stdin", "--database", url],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True, timeout=120)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert _first_answer(f"http://127.0.0.1:{port}/", time.monotonic() + 60) == (303, "/sign-in?next=%2F")
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_the_address_printed_can_be_opened_for_ipv4_names_and_ipv6() -> None:
    assert address("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert address("localhost", 8080) == "http://localhost:8080/"
    assert address("::1", 8000) == "http://[::1]:8000/"
