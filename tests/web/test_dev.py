"""The development outbox: every user's codes and links, so only on this machine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from postroom import runtime
from postroom.web.views.dev import is_loopback
from tests.web.conftest import PASSWORD

OUTBOX = "/_dev/outbox"


@pytest.fixture
def settings_with(monkeypatch):
    def change(**changes) -> None:
        monkeypatch.setattr(runtime, "_settings", replace(runtime.settings(), **changes))

    return change


@pytest.mark.parametrize("client_address", ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"])
def test_a_browser_on_this_machine_reads_the_codes_sent(web, member, client_address):
    web.post("/sign-in", {"email_address": member.email_address, "password": PASSWORD})
    response = web.get(OUTBOX, environ_base={"REMOTE_ADDR": client_address})
    assert response.status_code == 200
    assert f'data-recipient="{member.mobile_number}"' in response.get_data(as_text=True)


@pytest.mark.parametrize("client_address", ["192.0.2.7", "10.0.0.1", "2001:db8::1"])
def test_a_browser_elsewhere_gets_page_not_found(web, member, client_address):
    response = web.get(OUTBOX, environ_base={"REMOTE_ADDR": client_address})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "header",
    [("X-Forwarded-For", "192.0.2.7"), ("Forwarded", "for=192.0.2.7"), ("X-Real-Ip", "192.0.2.7")],
)
def test_a_request_passed_on_by_a_proxy_gets_page_not_found(web, header):
    assert web.get(OUTBOX, headers=[header]).status_code == 404


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1", "postroom.example.gov.uk"])
def test_nobody_reads_it_while_postroom_listens_beyond_this_machine(web, settings_with, host):
    settings_with(host=host)
    assert web.get(OUTBOX).status_code == 404


def test_switched_off_it_is_not_found(web, settings_with):
    settings_with(dev_outbox=False)
    assert web.get(OUTBOX).status_code == 404


@pytest.mark.parametrize(
    ("address", "loopback"),
    [("localhost", True), ("[::1]", True), ("127.8.9.10", True), ("", False), (None, False)],
)
def test_loopback_addresses(address, loopback):
    assert is_loopback(address) is loopback
