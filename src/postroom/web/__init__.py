"""The web interface. For now a placeholder page; the service teams' pages come next."""

from __future__ import annotations

from flask import Flask, jsonify
from markupsafe import escape

from postroom import runtime
from postroom.config import Settings
from postroom.db import db

PLACEHOLDER = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Postroom</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;
line-height:1.5}}</style></head>
<body><main><h1>Postroom</h1>
<p>Postroom is running. The web interface for service teams is on its way.</p>
<p>The API is at <a href="{api}">{api}</a>
(<a href="{api}/_status">status</a>, <a href="{api}/openapi.json">OpenAPI document</a>).</p>
</main></body></html>"""


def create_app(settings: Settings | None = None) -> Flask:
    settings = runtime.configure(settings)
    app = Flask(__name__)
    app.config["SECRET_KEY"] = settings.secret_key
    api_address = escape(f"http://localhost:{settings.api_port}")

    @app.get("/")
    def index():
        return PLACEHOLDER.format(api=api_address)

    @app.get("/_status")
    def status():
        reachable = db.reachable()
        return jsonify(
            status="ok" if reachable else "error", database="ok" if reachable else "unreachable"
        )

    @app.teardown_appcontext
    def remove_session(_exception=None):
        db.session.remove()

    return app
