"""The "Using Postroom" page: open to everyone, its sections and contents, trial-mode links to the
current service's own pages only for its team, the sending-flow diagram's text alternative, and
every status shown on a message linking to the section that explains it."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

from postroom.clock import frozen
from postroom.domain.services.team import add_user_to_service
from postroom.domain.vocabulary import permissions, statuses
from postroom.domain.vocabulary.notification_types import NOTIFICATION_TYPES
from postroom.domain.vocabulary.status_labels import guidance_anchor
from tests.domain.activity.test_search import NOW, sent
from tests.factories import create_notification, create_service, create_template, create_user
from tests.web.conftest import PASSWORD
from tests.web.test_browser import screenshot, sign_in

GUIDE = "/using-postroom"
SECTIONS = {
    "trial-mode",
    "message-sending-flow",
    "receiving-messages",
    "messagedeliveryandfailure",
    "sending",
    "delivered",
    "sent-internationally",
    "does-not-exist",
    "not-accepting-messages",
    "inbox-not-accepting-messages",
    "phone-not-accepting-messages",
    "technical-failure",
    "letters",
}


class Parsed(HTMLParser):
    """The ids on a page, its links with their text, the status link of each listed message,
    and the attributes and text of the sending-flow diagram."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.row_status_links: dict[str, tuple[str, str]] = {}
        self.svg: dict[str, str] = {}
        self.svg_text: dict[str, str] = {}
        self._link: dict | None = None
        self._row: str | None = None
        self._in_status_cell = False
        self._svg_part: str | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "svg":
            self.svg = attrs
        elif tag in ("title", "desc") and self.svg:
            self._svg_part = attrs.get("id")
        elif tag == "tr":
            self._row = attrs.get("data-notification-id")
        elif tag == "td":
            self._in_status_cell = "data-status" in attrs
        elif tag == "a":
            self._link = {"href": html.unescape(attrs.get("href", "")), "text": "", **attrs}

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data
        if self._svg_part:
            self.svg_text[self._svg_part] = self.svg_text.get(self._svg_part, "") + data

    def handle_endtag(self, tag):
        if tag in ("title", "desc"):
            self._svg_part = None
        elif tag == "td":
            self._in_status_cell = False
        elif tag == "a" and self._link is not None:
            link, self._link = self._link, None
            text = " ".join(link["text"].split())
            self.links.append((link["href"], text))
            if self._in_status_cell and self._row:
                self.row_status_links[self._row] = (link["href"], text)

    def link_to(self, text: str) -> str | None:
        return next((href for href, shown in self.links if shown == text), None)


@pytest.fixture
def service(session, member):
    return create_service(session, user=member, name="Clinic reminders")


@pytest.fixture
def team(web, member, service):
    web.sign_in(member)
    return web


def _listed(team, service, message_type: str) -> dict[str, tuple[str, str]]:
    """The status link of each message on a notifications page, seen when they were sent."""
    with frozen(NOW):
        page = team.page(f"/services/{service.id}/notifications/{message_type}")
    return Parsed(page).row_status_links


def _guide(web, service_id=None) -> Parsed:
    return Parsed(web.page(f"{GUIDE}?service_id={service_id}" if service_id else GUIDE))


def test_the_guide_is_open_signed_out_and_signed_in(web, member):
    signed_out = web.page(GUIDE)
    web.sign_in(member)
    signed_in = web.page(GUIDE)
    for page in (signed_out, signed_in):
        assert '<h1 class="govuk-heading-l">Using Postroom</h1>' in page
        assert "<title>Using Postroom – Postroom</title>" in page
    assert "Sign out" in signed_in and "Sign out" not in signed_out


def test_every_section_has_an_id_and_every_contents_link_lands_on_one(web):
    parsed = _guide(web)
    assert set(parsed.ids) >= SECTIONS
    fragments = [href[1:] for href, _text in parsed.links if href.startswith("#")]
    assert {"trial-mode", "message-sending-flow", "receiving-messages"} <= set(fragments)
    assert [f for f in fragments if f not in parsed.ids] == []


def test_every_status_of_every_message_type_has_a_section(web):
    ids = set(_guide(web).ids)
    for notification_type in NOTIFICATION_TYPES:
        for status in statuses.STATUSES:
            assert guidance_anchor(status, notification_type) in ids, (notification_type, status)


def test_trial_mode_links_to_the_current_services_team_and_go_live_pages(team, service):
    parsed = _guide(team, service.id)
    team_url = f"/services/{service.id}/users"
    go_live_url = f"/services/{service.id}/service-settings/request-to-go-live"
    assert parsed.link_to("your team") == team_url
    assert parsed.link_to("remove these restrictions") == go_live_url
    assert team.get(team_url).status_code == 200
    assert team.get(go_live_url).status_code == 200


def _no_service_links(page: Parsed, service) -> None:
    assert page.link_to("your team") is None
    assert page.link_to("remove these restrictions") is None
    assert not [href for href, _text in page.links if str(service.id) in href]


def test_without_a_known_service_trial_mode_links_nowhere(web, session, member, service):
    page = web.page(f"{GUIDE}?service_id={service.id}")  # signed out: the service is not known
    assert "your team" in page and "remove these restrictions" in page
    _no_service_links(Parsed(page), service)
    stranger = create_user(session, name="Not in the team", password=PASSWORD)
    session.commit()
    web.sign_in(stranger)
    _no_service_links(_guide(web, service.id), service)
    for odd in ("", "not-a-uuid"):
        assert web.get(f"{GUIDE}?service_id={odd}").status_code == 200
        _no_service_links(_guide(web), service)


def test_a_live_service_or_a_member_who_may_not_ask_gets_no_go_live_link(web, session, member):
    live = create_service(session, user=member, name="Live clinic", restricted=False)
    colleague = create_user(session, name="Viewer", password=PASSWORD)
    trial = create_service(session, name="Trial clinic")
    add_user_to_service(session, trial, colleague, permissions.to_database({"view_activity"}))
    session.commit()
    web.sign_in(member)
    parsed = _guide(web, live.id)
    assert parsed.link_to("your team") == f"/services/{live.id}/users"
    assert parsed.link_to("remove these restrictions") is None
    assert "Live clinic is live" in web.page(f"{GUIDE}?service_id={live.id}")
    web.client.get("/sign-out")
    web.sign_in(colleague)
    parsed = _guide(web, trial.id)
    assert parsed.link_to("your team") == f"/services/{trial.id}/users"
    assert parsed.link_to("remove these restrictions") is None


def test_the_sending_flow_diagram_has_a_text_alternative(web):
    parsed = _guide(web)
    svg = parsed.svg
    assert svg["role"] == "img"
    title = parsed.svg_text[svg["aria-labelledby"]]
    description = parsed.svg_text[svg["aria-describedby"]]
    assert "Sending" in title and "Delivered" in title and "Failed" in title
    for step in ("permanent failure", "temporary failure", "try again later", "another way"):
        assert step in description.lower(), step
    assert "message-sending-flow" in parsed.ids


def test_the_footer_links_to_the_guide_keeping_the_current_service(web, team, service):
    assert Parsed(team.page("/your-services")).link_to("Using Postroom") == GUIDE
    dashboard = Parsed(team.page(f"/services/{service.id}"))
    assert dashboard.link_to("Using Postroom") == f"{GUIDE}?service_id={service.id}"


# Each status a message can be shown in, and the section that explains it.
SHOWN_STATUSES = [
    ("sms", statuses.SENDING, "Sending", "sending"),
    ("sms", statuses.DELIVERED, "Delivered", "delivered"),
    ("sms", statuses.SENT, "Sent to an international number", "sent-internationally"),
    ("sms", statuses.PERMANENT_FAILURE, "Phone number does not exist", "does-not-exist"),
    (
        "sms",
        statuses.TEMPORARY_FAILURE,
        "Phone not accepting messages right now",
        "phone-not-accepting-messages",
    ),
    ("sms", statuses.TECHNICAL_FAILURE, "Technical failure", "technical-failure"),
    ("email", statuses.SENT, "Delivered", "delivered"),
    ("email", statuses.PERMANENT_FAILURE, "Email address does not exist", "does-not-exist"),
    (
        "email",
        statuses.TEMPORARY_FAILURE,
        "Inbox not accepting messages right now",
        "inbox-not-accepting-messages",
    ),
]


@pytest.fixture
def messages(session, service):
    """One message of each type in each status, with the label and section it should show."""
    templates = {
        kind: create_template(session, service, template_type=kind, subject="Hello")
        for kind in ("sms", "email")
    }
    return [
        (sent(session, templates[kind], status=status), label, anchor)
        for kind, status, label, anchor in SHOWN_STATUSES
    ]


def test_the_notification_page_links_its_status_to_its_section(team, service, messages):
    for notification, label, anchor in messages:
        path = f"/services/{service.id}/notification/{notification.id}"
        page = Parsed(team.page(path))
        expected = f"{GUIDE}?service_id={service.id}#{anchor}"
        assert page.link_to(label) == expected, notification.status
        assert "notification-status" in page.ids
        # What the page polls carries the same link, so it survives a live update.
        status = team.get(f"{path}/status.json").get_json()
        assert (status["label"], status["help_url"]) == (label, expected)


def test_the_notifications_list_links_each_status_to_its_section(team, service, messages):
    listed = _listed(team, service, "sms") | _listed(team, service, "email")
    for notification, label, anchor in messages:
        expected = (f"{GUIDE}?service_id={service.id}#{anchor}", label)
        assert listed[str(notification.id)] == expected, notification.status


def test_letter_statuses_link_to_their_own_sections(team, session, service):
    letter = create_template(session, service, template_type="letter", subject="Your licence")
    shown = {
        statuses.RECEIVED: ("Posted", "letter-posted"),
        statuses.DELIVERED: ("Posted", "letter-posted"),  # a printer's despatch report
        statuses.VALIDATION_FAILED: ("Validation failed", "letter-validation-failed"),
        statuses.RETURNED_LETTER: ("Returned", "letter-returned"),
        statuses.TECHNICAL_FAILURE: ("Technical failure", "technical-failure"),
    }
    ids = {
        str(sent(session, letter, to="A Person\n1 High Street\nLS1 1AA", status=status).id): status
        for status in shown
    }
    listed = _listed(team, service, "letter")
    guide_ids = set(_guide(team).ids)
    for notification_id, status in ids.items():
        label, anchor = shown[status]
        assert listed[notification_id] == (f"{GUIDE}?service_id={service.id}#{anchor}", label)
        assert anchor in guide_ids


def test_the_status_link_follows_the_live_update_to_its_section(page, session, member, service):
    template = create_template(session, service, name="Reminder")
    notification = create_notification(session, template, status=statuses.SENDING)
    sign_in(page, member)
    page.goto(f"/services/{service.id}/notification/{notification.id}")
    link = page.locator("#notification-status")
    expect(link).to_have_attribute("href", f"{GUIDE}?service_id={service.id}#sending")
    notification.status = statuses.PERMANENT_FAILURE  # as a receipt would
    session.commit()
    expect(link).to_have_text("Phone number does not exist", timeout=10_000)
    expect(link).to_have_attribute("href", f"{GUIDE}?service_id={service.id}#does-not-exist")
    link.click()
    expect(page.locator("#does-not-exist")).to_be_in_viewport()
    screenshot(page, "using-postroom")
