"""Browser journeys through a service: an API key, one message followed until delivered, and
going live."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from postroom.clock import utcnow
from postroom.domain.delivery import outbox
from postroom.tasks.celery_app import celery
from postroom.tasks.delivery import deliver_batch
from tests.factories import create_service, create_template, create_user
from tests.web.conftest import PASSWORD
from tests.web.test_browser import screenshot, sign_in
from tests.web.test_go_live import _complete_checklist


@pytest.fixture
def service(session, member):
    service = create_service(session, user=member, name="Bus passes", organisation_type="local")
    session.commit()
    return service


def test_create_an_api_key(page, member, service):
    sign_in(page, member)
    page.get_by_role("link", name="Bus passes").click()
    page.get_by_role("link", name="API integration").click()
    page.get_by_role("button", name="Create an API key").click()
    page.get_by_label("Name for this key").fill("Case system")
    page.get_by_label("Team and guest list").check()
    page.get_by_role("button", name="Continue").click()
    key = page.locator("#api-key").inner_text()
    assert re.fullmatch(rf"case_system-{service.id}-[0-9a-f-]{{36}}", key)
    screenshot(page, "api-key-created")
    page.get_by_role("button", name="Back to API integration").click()
    expect(page.locator("main")).to_contain_text("Case system")


@pytest.fixture
def queued_not_run():
    """Tasks go to the broker and wait there, so the test decides when delivery happens."""
    celery.conf.task_always_eager = False
    yield
    celery.conf.task_always_eager = True


def test_send_one_message_and_watch_it_delivered(page, member, service, session, queued_not_run):
    create_template(session, service, name="Pass ready", content="Your pass for ((route)) is ready")
    sign_in(page, member)
    page.get_by_role("link", name="Bus passes").click()
    page.get_by_role("link", name="Templates", exact=True).click()
    page.get_by_role("link", name="Pass ready").click()
    page.get_by_role("button", name="Send one message").click()
    page.get_by_label("Phone number").fill(member.mobile_number)
    page.get_by_label("route").fill("the 42")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".message-preview")).to_contain_text("Bus passes: Your pass for the 42")
    screenshot(page, "send-check")
    page.get_by_role("button", name="Send 1 text message").click()
    status = page.locator("#notification-status")
    expect(status).to_have_text("Sending")

    batches = outbox.claim_batches(session, utcnow())  # what a worker's dispatcher does
    session.commit()
    for batch in batches:  # the message, and the sign-in codes sent before it
        deliver_batch(str(batch.claim))  # the simulated provider reports delivery at once
    expect(status).to_have_text("Delivered", timeout=10_000)  # the page follows without reload
    screenshot(page, "notification-delivered")


def test_request_to_go_live_and_approve(page, member, service, session):
    _complete_checklist(session, service)
    admin = create_user(session, name="Platform Admin", password=PASSWORD, platform_admin=True)
    session.commit()
    sign_in(page, member)
    page.goto(f"/services/{service.id}/service-settings")
    page.get_by_role("link", name="Request to go live").click()
    screenshot(page, "go-live-checklist")
    page.get_by_role("button", name="Request to go live").click()
    expect(page.locator("main")).to_contain_text("being reviewed")

    admin_page = page.context.browser.new_context(
        base_url=page.url.split("/services")[0]
    ).new_page()
    sign_in(admin_page, admin)
    admin_page.goto("/platform-admin")
    screenshot(admin_page, "platform-admin")
    admin_page.get_by_role("button", name="Make ‘Bus passes’ live").click()
    expect(admin_page.locator("main")).to_contain_text("‘Bus passes’ is now live")

    page.reload()
    expect(page.locator("main")).to_contain_text("Yes")
    expect(page.get_by_role("link", name="Request to go live")).to_have_count(0)
