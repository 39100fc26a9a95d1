"""The `Idempotency-Key` header of the public API's sending endpoints (the rules are in
`domain.sending.idempotency`): declared beneath the route, above `@endpoint`, so the key is
claimed before the body is read and a body refused as invalid releases it."""

from __future__ import annotations

import functools
import json

from flask import Response, current_app, g, request

from postroom.api.schemas.notifications import V2_ERROR
from postroom.db import db
from postroom.domain.sending import idempotency

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
HEADER_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": idempotency.MAX_KEY_LENGTH,
    "pattern": "^[ -~]+$",
    "description": "Any unique string of up to 255 printable ASCII characters, such as a UUID, "
    "chosen by the client for this request and sent again with its retries.",
}
DESCRIPTION = (
    "**Idempotency-Key**: send the same key with every retry of a request, and it is done at "
    "most once. The key is kept for 24 hours for the service and the type of API key that sent "
    "it. A retry of a request that succeeded gets the first answer again, byte for byte, with "
    f"the header `{REPLAYED_HEADER}: true`, and sends nothing. The same key with a different "
    "body or on another endpoint is refused with 422. While the first request is still being "
    "processed, its retries get 409: try again a moment later. A request refused with a 4xx "
    "answer sent nothing and does not keep its key, so the corrected request (or one refused "
    "by a limit, later) can be sent with the same key; nor does one that met an outage (503), "
    "which stored nothing either."
)


def _canonical_body() -> bytes:
    """The body as the same JSON value, however it was spaced or its keys ordered (a body that
    is not JSON is refused, and releases the key, before this matters)."""
    parsed = request.get_json(force=True, silent=True)  # kept: the view parses it once more free
    if parsed is None:
        return request.get_data()
    return json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode()


def idempotent(view):
    operation = view.openapi
    operation.headers[HEADER] = HEADER_SCHEMA
    operation.responses.setdefault(409, V2_ERROR)
    operation.responses.setdefault(422, V2_ERROR)
    operation.description = "\n\n".join(filter(None, [operation.description, DESCRIPTION]))

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        claimed = idempotency.Claim(
            g.service.id,
            g.api_key.key_type,
            idempotency.valid_key(key),
            idempotency.request_hash(request.path, _canonical_body()),
        )
        with db.scope() as session:
            first = idempotency.claim(session, claimed)
        if first is not None:
            replayed = Response(first.body, first.status_code, mimetype="application/json")
            replayed.headers[REPLAYED_HEADER] = "true"
            return replayed
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except BaseException:
            with db.scope() as session:
                idempotency.release(session, claimed)
            raise
        with db.scope() as session:
            if 200 <= response.status_code < 300:
                answer = idempotency.Answer(response.status_code, response.get_data(as_text=True))
                idempotency.keep(session, claimed, answer)
            else:
                idempotency.release(session, claimed)
        return response

    wrapper.openapi = operation
    return wrapper
