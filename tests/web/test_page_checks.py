"""The checks the web test client makes on every page: a good page passes, and each kind of
fault is caught."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.web.conftest import PageCheckingClient
from tests.web.page_checks import page_problems

HEADING = "<h1>Your services</h1>"
TOKEN = '<input type="hidden" name="csrf_token" value="a-token">'


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A small app of its own: two routes and one static file."""
    static = tmp_path_factory.mktemp("static")
    (static / "site.css").write_text("")
    (static.parent / "secret.txt").write_text("")  # there, but not a static file
    app = Flask(__name__, static_folder=str(static), static_url_path="/static")
    app.add_url_rule("/services", "services", lambda: "")
    app.add_url_rule("/services/add", "add", lambda: "", methods=["GET", "POST"])
    app.add_url_rule("/sign-out", "sign_out", lambda: "", methods=["POST"])
    return app


def problems(app, body: str, title: str = "Your services") -> list[str]:
    page = f"<!DOCTYPE html><html lang=en><head><title>{title}</title></head><body>{body}</body>"
    return page_problems(page, app, "http://localhost/services", {"localhost", "localhost:6012"})


def test_a_good_page_has_no_problems(app):
    links = [
        "/services",
        "services/add",  # relative to the page
        "/services?page=2#results",
        "http://localhost:6012/services",
        "#main-content",
        "/static/site.css",
        "https://www.gov.uk/nowhere",  # another site
        "mailto:someone@example.gov.uk",
        "tel:+447700900000",
    ]
    body = HEADING + "".join(f'<a href="{href}">link</a>' for href in links)
    body += f'<form method="post" action="/services/add">{TOKEN}</form>'
    body += '<form method="get" action="/services"><input name="q"></form>'
    assert problems(app, body) == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("<h1>Unclosed<div></h1>", "line 1"),
        ("<h1>One</h1><p id=a>x</p><p id=a>y</p>", "id 'a' used 2 times"),
        ("<h1>One</h1><h1>Two</h1>", "2 h1 elements"),
        ("<h2>No main heading</h2>", "0 h1 elements"),
        (f'{HEADING}<form method="post" action="/services/add"></form>', "no CSRF token"),
        (f'{HEADING}<form method="POST"><input name="csrf_token" value=""></form>', "no CSRF"),
        (f'{HEADING}<form method="post" action="/services">{TOKEN}</form>', "matches no route"),
        (f'{HEADING}<form method="post">{TOKEN}</form>', "POST to 'http://localhost/services'"),
        (f'{HEADING}<a href="/nowhere">x</a>', "link to '/nowhere' leads nowhere"),
        (f'{HEADING}<a href="add-service">x</a>', "'add-service' leads nowhere"),
        (f'{HEADING}<a href="http://localhost:6012/nowhere">x</a>', "leads nowhere"),
        (f'{HEADING}<a href="/sign-out">x</a>', "'/sign-out' leads nowhere"),  # POST only
        (f'{HEADING}<a href="/static/missing.css">x</a>', "leads nowhere"),
        (f'{HEADING}<a href="/static/%2e%2e/secret.txt">x</a>', "leads nowhere"),
    ],
)
def test_each_fault_is_caught(app, body, found):
    assert any(found in problem for problem in problems(app, body)), problems(app, body)


@pytest.mark.parametrize("title", ["", "   "])
def test_a_page_without_a_title_is_caught(app, title):
    assert problems(app, HEADING, title=title) == ["no title"]


def test_the_web_test_client_fails_on_a_bad_page_whatever_its_status(app):
    client = PageCheckingClient(app)
    bad = "<!DOCTYPE html><title>Broken</title><h1>One</h1><h1>Two</h1>"
    app.add_url_rule("/broken", "broken", lambda: (bad, 404))
    app.add_url_rule("/data", "data", lambda: {"html": bad})
    with pytest.raises(AssertionError, match=r"GET /broken \(404\): 2 h1 elements"):
        client.get("/broken")
    assert client.get("/data").status_code == 200  # not HTML, not checked
