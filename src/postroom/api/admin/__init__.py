"""The admin REST API: the web interface's operations, for automation and other clients.

Every admin route lives on a child of `blueprint`, so the admin authentication check runs for all
of them and cannot be forgotten on one."""

from __future__ import annotations

from flask import Blueprint

from postroom.api.admin import (
    api_keys,
    inbound_numbers,
    jobs,
    letters,
    service_settings,
    services,
    templates,
    users,
)
from postroom.api.auth import require_admin_auth

blueprint = Blueprint("admin", __name__)
blueprint.before_request(require_admin_auth)
for child in (
    services.blueprint,
    users.blueprint,
    templates.blueprint,
    api_keys.blueprint,
    service_settings.blueprint,
    inbound_numbers.blueprint,
    jobs.blueprint,
    letters.blueprint,
):
    blueprint.register_blueprint(child)
