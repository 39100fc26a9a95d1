"""Fixtures for the web interface: the app (CSRF on, as in production) whose test client checks
every HTML page it fetches (see `page_checks`), a client that sends each form's CSRF token as a
browser would, and users signed in through the real two-factor flow."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from playwright.sync_api import sync_playwright

from postroom import runtime
from postroom.db import db
from postroom.models import Permission
from postroom.web import create_app
from tests.factories import create_notification, create_service, create_template, create_user
from tests.fixtures.service_api import served
from tests.web.page_checks import page_problems

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_CODE = re.compile(r"\b(\d{6})\b")


class PageCheckingClient(FlaskClient):
    """Flask's test client, failing the test at once on any HTML page, error pages and
    redirects included, that breaks a rule of `page_checks`."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        request = response.request
        if response.mimetype == "text/html" and request.method != "HEAD":
            site_hosts = {request.host, urlsplit(runtime.settings().web_url).netloc}
            page = response.get_data(as_text=True)
            problems = page_problems(page, self.application, request.url, site_hosts)
            where = f"{request.method} {request.full_path.rstrip('?')} ({response.status_code})"
            assert not problems, f"{where}: " + "; ".join(problems)
        return response


@pytest.fixture(scope="session")
def web_app(backend, api_app):
    app = create_app(replace(backend["settings"], dev_outbox=True))
    app.config["TESTING"] = True
    app.test_client_class = PageCheckingClient  # every test client of the app checks pages
    return app


class WebClient:
    """Posts forms with the CSRF token of the page they are on, as a browser does."""

    def __init__(self, app) -> None:
        self.client = app.test_client()

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def page(self, path: str) -> str:
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data(as_text=True)

    def csrf_token(self, path: str) -> str:
        return _CSRF.search(self.page(path)).group(1)

    def post(self, path: str, data: dict | None = None, *, token_from: str | None = None):
        token = self.csrf_token(token_from or path)
        return self.client.post(path, data={"csrf_token": token, **(data or {})})

    def latest_code(self, recipient: str) -> str:
        """The security code in the newest message to `recipient`, read off the outbox."""
        outbox = html.unescape(self.page("/_dev/outbox"))
        card = outbox.split(f'data-recipient="{recipient}"', 1)[1]
        return _CODE.search(card).group(1)

    def sign_in_without(self, member, permission: str) -> None:
        """Take one database permission away from `member` on every service, then sign in (in
        the test's own session, which the `session` fixture holds)."""
        db.session.execute(
            Permission.__table__.delete().where(
                Permission.user_id == member.id, Permission.permission == permission
            )
        )
        db.session.commit()
        self.sign_in(member)

    def sign_in(self, user, password: str = PASSWORD) -> None:
        response = self.post(
            "/sign-in", {"email_address": user.email_address, "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        recipient = user.mobile_number if user.auth_type == "sms_auth" else user.email_address
        code = self.latest_code(recipient)
        response = self.post("/two-factor", {"code": code})
        assert response.status_code == 302 and "/your-services" in response.location


@pytest.fixture
def web(web_app, session) -> WebClient:
    return WebClient(web_app)


@pytest.fixture
def member(session):
    user = create_user(session, name="Ada Member", password=PASSWORD)
    session.commit()
    return user


@pytest.fixture
def service(session, member):
    """A service whose team is `member`, with every permission (modules may make their own)."""
    service = create_service(session, user=member, name="Council tax")
    session.commit()
    return service


@pytest.fixture
def signed_in(web, member) -> WebClient:
    web.sign_in(member)
    return web


@pytest.fixture
def waiting_letter(session, service):
    """A letter of the service's, accepted now and waiting for its print run."""
    template = create_template(session, service, template_type="letter", content="Dear you")
    address = "A Person\n1 High Street\nLondon\nSW1A 1AA"
    return create_notification(session, template, status="created", to=address)


@pytest.fixture
def admin(web_app, session) -> WebClient:
    """A platform admin, signed in."""
    user = create_user(session, name="Platform Admin", platform_admin=True)
    session.commit()
    client = WebClient(web_app)
    client.sign_in(user)
    return client


# Browser tests: Playwright driving Debian's chromium against the app served over HTTP.
CHROMIUM = Path("/usr/bin/chromium")  # `make test` installs it
# As this machine's notes advise: no sandbox as root, nothing reaching out to the internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def web_server(web_app, session):
    with served(web_app) as url:
        yield url


@pytest.fixture
def page(web_server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=web_server)
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        browser.close()
