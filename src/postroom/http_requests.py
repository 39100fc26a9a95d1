"""What every HTTP request to the API and the web interface has: an id and a size limit.

The id goes back in `X-Request-Id`, into the access log and into the log line of an unexpected
error, and is shown on the web interface's error page: what someone saw leads to the log. A
proxy's or load balancer's own `X-Request-Id` is kept, so one id follows the request through
both; only when it is made of letters, digits, dots, underscores and hyphens, since anything else
could forge log lines or the page."""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, request

HEADER = "X-Request-Id"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,128}")
# Far above any message Postroom takes, small enough that a request cannot fill a worker's memory.
MAX_CONTENT_LENGTH = 10 * 1024 * 1024


def request_id() -> str:
    if "request_id" not in g:
        given = request.headers.get(HEADER, "")
        g.request_id = given if _WELL_FORMED.fullmatch(given) else uuid.uuid4().hex
    return g.request_id


def for_the_log() -> str:
    """`request id 4f1c…: POST /sign-in`, to begin a log line about this request."""
    return f"request id {request_id()}: {request.method} {request.path}"


def _send_back(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    return response


def install(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = MAX_CONTENT_LENGTH
    app.after_request(_send_back)
