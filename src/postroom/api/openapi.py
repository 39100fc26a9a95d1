"""One declaration per endpoint: it validates the request and feeds `/openapi.json`.

    @blueprint.post("/service")
    @endpoint("Create a service", body=CREATE_SERVICE, responses={201: SERVICE_RESPONSE})
    def create_service(body): ...

The view receives the validated body as `body` and the parsed query parameters as `query`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, request

from postroom.api.validation import parse_query_value, validate
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.models.base import LARGEST_INTEGER

ERROR_RESPONSE = {
    "type": "object",
    "required": ["result", "message"],
    "properties": {
        "result": {"const": "error"},
        "message": {"oneOf": [{"type": "string"}, {"type": "object"}]},
    },
}


@dataclass
class Operation:
    summary: str
    body: dict | None = None
    query: dict[str, dict] = field(default_factory=dict)
    required_query: tuple[str, ...] = ()
    responses: dict[int, dict | None] = field(default_factory=dict)
    tag: str = "admin"
    security: str = "admin"
    validate_body: Callable[[object, dict], object] = validate
    parse_query: Callable[[Operation], dict] | None = None
    description: str | None = None
    headers: dict[str, dict] = field(default_factory=dict)  # request headers: name → schema


def endpoint(
    summary: str,
    *,
    body: dict | None = None,
    query: dict[str, dict] | None = None,
    required_query: tuple[str, ...] = (),
    responses: dict[int, dict | None] | None = None,
    tag: str = "admin",
    security: str = "admin",
    validate_body: Callable[[object, dict], object] = validate,
    parse_query: Callable[[Operation], dict] | None = None,
    description: str | None = None,
):
    """`validate_body` checks the body against `body`, and `parse_query` reads the query
    parameters `query` declares; the public API passes its own, which refuse what GOV.UK
    Notify's v2 API refuses, in its words."""
    operation = Operation(
        summary,
        body,
        query or {},
        required_query,
        responses or {200: None},
        tag,
        security,
        validate_body,
        parse_query,
        description,
    )

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if operation.body is not None:
                body = _public_json_body() if operation.security == "service" else _json_body()
                kwargs["body"] = operation.validate_body(body, operation.body)
            if operation.query:
                kwargs["query"] = (operation.parse_query or _parse_query)(operation)
            return view(*args, **kwargs)

        wrapper.openapi = operation
        return wrapper

    return decorate


def _json_body():
    if not request.get_data():
        raise InvalidRequest("Request body is empty: send a JSON object.")
    data = request.get_json(silent=True)
    if data is None:
        raise InvalidRequest("Invalid JSON supplied.")
    _refuse_nul(data, "body")
    return data


def _public_json_body():
    """As GOV.UK Notify's public API reads bodies: JSON whatever the Content-Type says, and an
    empty value (`null`, `[]`, `""`) taken as `{}`, so the schema names the fields it lacks."""
    data = request.get_json(force=True, silent=True)
    if data is None and request.get_data().strip() != b"null":
        raise InvalidRequest("Invalid JSON supplied in POST data")
    _refuse_nul(data, "body")
    return data or {}


NUL_MESSAGE = "Must not contain the NUL character."


def _refuse_nul(value, path: str) -> None:
    """PostgreSQL cannot store U+0000 in text, so it is refused before it reaches a query."""
    if isinstance(value, str) and "\x00" in value:
        raise InvalidRequest({path.removeprefix("body."): [NUL_MESSAGE]})
    if isinstance(value, dict):
        for key, child in value.items():
            _refuse_nul(key, path)
            _refuse_nul(child, f"{path}.{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _refuse_nul(child, f"{path}.{index}")


def _parse_query(operation: Operation) -> dict:
    parsed = {}
    for name, schema in operation.query.items():
        raw = ",".join(request.args.getlist(name)) if schema.get("type") == "array" else None
        raw = raw if raw is not None else request.args.get(name)
        if raw is None or raw == "":
            if name in operation.required_query:
                raise InvalidRequest({name: ["Missing data for required field."]})
            parsed[name] = schema.get("default")
        elif "\x00" in raw:
            raise InvalidRequest({name: [NUL_MESSAGE]})
        else:
            parsed[name] = parse_query_value(name, raw, schema)
    return parsed


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_CONVERTER_SCHEMAS = {
    "uuid": {"type": "string", "format": "uuid"},
    "version": {"type": "integer", "minimum": 1, "maximum": LARGEST_INTEGER},
    None: {"type": "string"},
}


def operation_for(app: Flask, rule) -> Operation | None:
    return getattr(app.view_functions[rule.endpoint], "openapi", None)


def openapi_path(rule_path: str) -> str:
    return _PARAM.sub(lambda m: "{" + m.group(2) + "}", rule_path)


def build_document(app: Flask, title: str, version: str) -> dict:
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        operation = operation_for(app, rule)
        if operation is None:
            continue
        parameters = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": _CONVERTER_SCHEMAS.get(conv, {"type": "string"}),
            }
            for conv, name in _PARAM.findall(rule.rule)
        ]
        parameters += [
            {
                "name": name,
                "in": "query",
                "required": name in operation.required_query,
                "schema": schema,
            }
            for name, schema in operation.query.items()
        ]
        parameters += [
            {"name": name, "in": "header", "required": False, "schema": schema}
            for name, schema in operation.headers.items()
        ]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            entry: dict = {
                "summary": operation.summary,
                "operationId": f"{rule.endpoint}.{method.lower()}",
                "tags": [operation.tag],
                "parameters": parameters,
                "responses": _responses(operation),
            }
            if operation.description:
                entry["description"] = operation.description
            if operation.security != "none":
                entry["security"] = [{operation.security: []}]
            if operation.body is not None:
                entry["requestBody"] = {
                    "required": True,
                    "content": {"application/json": {"schema": operation.body}},
                }
            paths.setdefault(openapi_path(rule.rule), {})[method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "admin": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "HS256 JWT with iss `notify-admin` and iat within 30 seconds, "
                    "signed with one of POSTROOM_ADMIN_CLIENT_SECRETS.",
                },
                "provider": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "One of POSTROOM_RECEIPT_TOKENS.",
                },
                "service": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "HS256 JWT, iss the service id, signed with an API key secret.",
                },
            }
        },
    }


def _responses(operation: Operation) -> dict:
    responses = {}
    for status, schema in operation.responses.items():
        entry: dict = {"description": _DESCRIPTIONS.get(status, "Response")}
        if schema is not None:
            entry["content"] = {"application/json": {"schema": schema}}
        responses[str(status)] = entry
    if operation.security != "none":
        for status in (401, 403):
            responses.setdefault(str(status), _error_entry(status))
    for status in (400, 404) if operation.body or operation.query else (404,):
        responses.setdefault(str(status), _error_entry(status))
    return responses


def _error_entry(status: int) -> dict:
    return {
        "description": _DESCRIPTIONS[status],
        "content": {"application/json": {"schema": ERROR_RESPONSE}},
    }


_DESCRIPTIONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad request: the message says which field is wrong and why",
    401: "No or malformed authentication token",
    403: "Invalid authentication token",
    404: "Not found",
    409: "Conflict: the request clashed with another at the same moment",
    422: "Unprocessable: the request cannot be done as sent",
    429: "Too many requests",
}
