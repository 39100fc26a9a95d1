"""The API process: public API v2, admin REST API, provider receipts and `/_status`."""

from __future__ import annotations

from flask import Flask, jsonify

from postroom import http_requests, runtime
from postroom.api import admin, letter_reports, providers, status, v2
from postroom.api.errors import register_error_handlers
from postroom.api.openapi import build_document, endpoint
from postroom.cache import make_cache
from postroom.config import Settings
from postroom.db import db
from postroom.tasks.celery_app import configure_celery
from postroom.url_converters import CONVERTERS


def create_app(settings: Settings | None = None) -> Flask:
    settings = runtime.configure(settings)
    app = Flask(__name__)
    app.config["SECRET_KEY"] = settings.secret_key
    app.json.sort_keys = False
    app.url_map.converters.update(CONVERTERS)
    http_requests.install(app)
    register_error_handlers(app)
    app.register_blueprint(status.blueprint)
    app.register_blueprint(admin.blueprint)
    app.register_blueprint(v2.blueprint)
    app.register_blueprint(providers.blueprint)
    app.register_blueprint(letter_reports.blueprint)
    app.extensions["postroom_cache"] = make_cache(settings)
    configure_celery(settings)

    @app.get("/openapi.json")
    @endpoint("This document", tag="status", security="none")
    def openapi():
        return jsonify(build_document(app, "Postroom API", "1"))

    @app.teardown_appcontext
    def remove_session(_exception=None):
        db.session.remove()

    return app
