"""The callback pages: a URL and bearer token set, changed and removed."""

from __future__ import annotations

from postroom.domain.delivery import service_callbacks
from postroom.domain.services import callbacks


def test_callbacks_are_set_changed_and_removed(service, signed_in, session):
    path = f"/services/{service.id}/api/callbacks/delivery-status"
    page = signed_in.post(path, {"url": "http://example.com", "bearer_token": "long enough"})
    assert "url is not a valid https url" in page.get_data(as_text=True)
    page = signed_in.post(path, {"url": "https://example.com", "bearer_token": "short"})
    assert "Must be at least 10 characters." in page.get_data(as_text=True)
    assert 'href="#bearer_token"' in page.get_data(as_text=True)

    ok = signed_in.post(path, {"url": "https://example.com/hook", "bearer_token": "a-long-token-1"})
    assert ok.status_code == 302
    hook = callbacks.callback_for(session, service.id, callbacks.DELIVERY_STATUS)
    assert (hook.url, service_callbacks.bearer_token_of(hook)) == (
        "https://example.com/hook",
        "a-long-token-1",
    )
    signed_in.post(path, {"url": "https://example.com/new", "bearer_token": ""})
    session.expire_all()
    hook = callbacks.callback_for(session, service.id, callbacks.DELIVERY_STATUS)
    assert (hook.url, service_callbacks.bearer_token_of(hook)) == (
        "https://example.com/new",
        "a-long-token-1",
    )
    signed_in.post(path, {"url": "", "bearer_token": ""})
    session.expire_all()
    assert callbacks.callback_for(session, service.id, callbacks.DELIVERY_STATUS) is None
