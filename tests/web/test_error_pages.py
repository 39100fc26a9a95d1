"""Error pages: GOV.UK style, and an unexpected error logged under the id its page shows."""

from __future__ import annotations

import re

import pytest

from postroom.cache import RedisCache
from postroom.http_requests import MAX_CONTENT_LENGTH
from postroom.web.views import accounts
from tests.fixtures.smtp import free_port
from tests.web.conftest import PASSWORD

_TITLE = re.compile(r"<title>\s*(.*?)\s*</title>", re.S)
_REFERENCE = re.compile(r"<strong[^>]*data-request-id>([^<]+)</strong>")


def _title(response) -> str:
    return _TITLE.search(response.get_data(as_text=True)).group(1)


@pytest.fixture
def cache_down(web_app, monkeypatch):
    """The cache server stops answering (nothing listens where it was)."""
    dead = RedisCache(f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setitem(web_app.extensions, "postroom_cache", dead)


@pytest.fixture
def broken(monkeypatch):
    """Signing in meets a bug."""

    def bug(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(accounts.sign_in_rules, "check_password", bug)


def _sign_in(web, member, **kwargs):
    token = web.csrf_token("/sign-in")
    form = {"csrf_token": token, "email_address": member.email_address, "password": PASSWORD}
    return web.client.post("/sign-in", data=form, **kwargs)


def test_an_unexpected_error_is_logged_under_the_reference_its_page_gives(
    web, member, broken, caplog
):
    response = _sign_in(web, member)
    assert response.status_code == 500
    assert _title(response) == "Sorry, there is a problem with Postroom – Postroom"
    reference = _REFERENCE.search(response.get_data(as_text=True)).group(1)
    assert response.headers["X-Request-Id"] == reference
    [logged] = [r for r in caplog.records if r.name == "postroom.web.error_pages"]
    assert reference in logged.getMessage() and "POST /sign-in" in logged.getMessage()
    assert logged.exc_info is not None  # with its traceback


def test_the_id_a_proxy_gave_the_request_is_kept(web, member, broken):
    response = _sign_in(web, member, headers={"X-Request-Id": "lb-7f3a.91_c"})
    assert _REFERENCE.search(response.get_data(as_text=True)).group(1) == "lb-7f3a.91_c"


def test_an_outage_of_the_cache_says_try_again_later(web, member, cache_down, caplog):
    response = _sign_in(web, member)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert _title(response) == "Sorry, Postroom is not available at the moment – Postroom"
    assert "Try again in a few minutes." in response.get_data(as_text=True)
    [logged] = [r for r in caplog.records if r.name == "postroom.web.error_pages"]
    assert "ConnectionError" in logged.getMessage() and "POST /sign-in" in logged.getMessage()


@pytest.mark.parametrize("given", ["two words", "<script>", "a\u00e9", "x" * 129, ""])
def test_an_id_that_could_forge_the_log_or_the_page_is_replaced(web, given):
    response = web.get("/", headers={"X-Request-Id": given})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])


def test_each_request_has_its_own_id(web):
    assert web.get("/").headers["X-Request-Id"] != web.get("/").headers["X-Request-Id"]


def test_a_form_sent_to_a_page_that_takes_none(web):
    response = web.client.post("/your-services")
    assert response.status_code == 405
    assert _title(response) == "Sorry, this page cannot do that – Postroom"


def test_too_much_sent_at_once(web):
    body = b"x" * (MAX_CONTENT_LENGTH + 1)
    response = web.client.post(
        "/sign-in", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert _title(response) == "Sorry, what you sent is too big – Postroom"
    assert "Nothing was saved." in response.get_data(as_text=True)
