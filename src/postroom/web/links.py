"""Links to the web interface put in emails."""

from __future__ import annotations

from flask import url_for

from postroom import runtime


def emailed_link(endpoint: str, **values) -> str:
    """An absolute link on the configured address, never the request's Host header, which
    whoever sends the request controls."""
    return runtime.settings().web_url.rstrip("/") + url_for(endpoint, **values)
