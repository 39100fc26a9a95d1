"""`/openapi.json` stays true: every route is in it, it is a valid OpenAPI 3.1 document, and every
schema in it is a valid JSON Schema. (Responses are checked against it by CheckedClient.)"""

from __future__ import annotations

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from postroom.api.openapi import openapi_path, operation_for


def _schemas(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                yield f"{method} {path} request", body["schema"]
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json")
                if content:
                    yield f"{method} {path} {status}", content["schema"]


def test_every_route_is_declared_with_endpoint(api_app):
    undeclared = [
        rule.rule
        for rule in api_app.url_map.iter_rules()
        if rule.endpoint != "static" and operation_for(api_app, rule) is None
    ]
    assert undeclared == []


def test_document_lists_every_route_and_method(api_app, anonymous_client):
    document = anonymous_client.get("/openapi.json").get_json()
    for rule in api_app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = openapi_path(rule.rule)
        assert path in document["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in document["paths"][path], f"{method} {path}"


def test_document_is_valid_openapi_3_1(anonymous_client):
    document = anonymous_client.get("/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_schema_in_the_document_is_valid_json_schema(anonymous_client):
    document = anonymous_client.get("/openapi.json").get_json()
    checked = 0
    for _where, schema in _schemas(document):
        Draft202012Validator.check_schema(schema)
        checked += 1
    assert checked > 0


def test_path_parameters_are_documented_with_their_types(anonymous_client):
    document = anonymous_client.get("/openapi.json").get_json()
    for path, methods in document["paths"].items():
        for operation in methods.values():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            in_path = {segment[1:-1] for segment in path.split("/") if segment.startswith("{")}
            assert declared == in_path, path
