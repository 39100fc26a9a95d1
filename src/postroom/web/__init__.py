"""The web interface: where service teams sign in, set up their services and send messages.

GOV.UK Frontend's components through govuk-frontend-jinja, forms with Flask-WTF (CSRF on every
one), post-redirect-get, and every view declaring who may open it (see `access`)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app, g, jsonify, request, url_for
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from postroom import http_requests, runtime
from postroom.cache import make_cache
from postroom.config import Settings
from postroom.db import db
from postroom.domain.vocabulary import permissions
from postroom.domain.vocabulary.dates import to_local
from postroom.domain.vocabulary.notification_types import INBOUND_SMS, type_name
from postroom.domain.vocabulary.recipient_format import format_for_people
from postroom.tasks.celery_app import configure_celery
from postroom.url_converters import CONVERTERS
from postroom.web import access, error_pages, job_forms, template_previews
from postroom.web.views import (
    accounts,
    api_keys,
    authenticator_app,
    callbacks,
    cancelling,
    dashboard,
    dev,
    documents,
    guest_list,
    guidance,
    jobs,
    letter_uploads,
    letters,
    notifications,
    platform_admin,
    profile,
    rates,
    received_texts,
    returned_letters,
    send,
    services,
    statistics,
    team,
    templates,
    uploads,
)
from postroom.web.views import settings as service_settings

HERE = Path(__file__).parent
# As GOV.UK Notify: signed in for at most 20 hours. Flask dates the cookie by the real clock, as
# the browser that keeps it does, not by Postroom's business clock.
SESSION_LIFETIME = timedelta(hours=20)


def form_error_list(form) -> list[dict]:
    """The error summary's entries: each links to its field."""
    return [
        {"text": errors[0], "href": f"#{form[name].id}"}
        for name, errors in form.errors.items()
        if errors and name in form
    ]


def field_items(field) -> list[dict]:
    return [
        {"value": choice.value, "text": choice.label, "checked": field.data == choice.value}
        for choice in field.choices
    ]


# A service's pages, in the order its navigation lists them: (endpoint, text, and the service's
# own permission needed). The team member's permission is the one each page declares.
SERVICE_NAVIGATION = (
    ("dashboard.index", "Dashboard", None),
    ("templates.index", "Templates", None),
    ("jobs.uploads_list", "Uploads", None),
    ("received_texts.index", "Received text messages", INBOUND_SMS),
    ("team.index", "Team members", None),
    ("usage.index", "Usage", None),
    ("settings.index", "Settings", None),
    ("api_keys.index", "API integration", None),
)


def service_navigation() -> list[dict]:
    """The links of the current service's navigation that the user may open."""
    service = getattr(g, "service", None)
    if service is None:
        return []
    links = []
    for endpoint, text, service_permission in SERVICE_NAVIGATION:
        permission = current_app.view_functions[endpoint].permission
        if permission is not None and permission not in g.permissions:
            continue
        if service_permission is not None and service_permission not in service.permission_names:
            continue
        links.append(
            {
                "href": url_for(endpoint, service_id=service.id),
                "text": text,
                "active": request.blueprint == endpoint.split(".")[0],
            }
        )
    return links


def create_app(settings: Settings | None = None) -> Flask:
    settings = runtime.configure(settings)
    app = Flask(__name__, static_folder=str(HERE / "static"), static_url_path="/static")
    app.url_map.converters.update(CONVERTERS)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.web_url.startswith("https://"),
        SESSION_COOKIE_NAME="postroom_session",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        WTF_CSRF_TIME_LIMIT=None,  # the session's own lifetime bounds the token
    )
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(HERE / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.globals.update(
        form_error_list=form_error_list,
        field_items=field_items,
        service_navigation=service_navigation,
        format_phone=format_for_people,
        to_local=to_local,
        status_help_url=guidance.status_help_url,
        permissions=permissions,
        type_name=type_name,
        scheduled_words=job_forms.scheduled_words,
        sent_on=template_previews.when,
    )
    http_requests.install(app)
    CSRFProtect(app)
    app.extensions["postroom_cache"] = make_cache(settings)
    configure_celery(settings)
    app.before_request(access.load_user)
    for blueprint in (
        accounts.blueprint,
        services.blueprint,
        dashboard.blueprint,
        received_texts.blueprint,
        notifications.blueprint,
        dev.blueprint,
        api_keys.blueprint,
        guest_list.blueprint,
        callbacks.blueprint,
        send.blueprint,
        service_settings.blueprint,
        platform_admin.blueprint,
        authenticator_app.blueprint,
        team.blueprint,
        profile.blueprint,
        templates.blueprint,
        statistics.blueprint,
        statistics.usage_blueprint,
        rates.blueprint,
        guidance.blueprint,
        documents.blueprint,
        uploads.blueprint,
        jobs.blueprint,
        letters.blueprint,
        letter_uploads.blueprint,
        cancelling.blueprint,
        returned_letters.blueprint,
        returned_letters.platform_admin_blueprint,
    ):
        app.register_blueprint(blueprint)

    @app.get("/_status")
    @access.public
    def status():
        reachable = db.reachable()
        return jsonify(
            status="ok" if reachable else "error", database="ok" if reachable else "unreachable"
        )

    error_pages.register(app)

    @app.teardown_appcontext
    def remove_session(_exception=None):
        db.session.remove()

    return app
