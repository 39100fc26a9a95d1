"""The public API v2, compatible with GOV.UK Notify's: its official clients work unchanged."""

from __future__ import annotations

from flask import Blueprint

from postroom.api.v2 import jobs, notifications, received_texts, templates
from postroom.api.v2.auth import require_service_auth
from postroom.api.v2.errors import v2_error_response
from postroom.api.v2.parameters import check_path_values
from postroom.domain.vocabulary.errors import DomainError

blueprint = Blueprint("v2", __name__)
blueprint.before_request(require_service_auth)
blueprint.before_request(check_path_values)  # after auth, as Notify's views check them
blueprint.register_error_handler(DomainError, v2_error_response)
blueprint.register_blueprint(notifications.blueprint)
blueprint.register_blueprint(templates.blueprint)
blueprint.register_blueprint(received_texts.blueprint)
blueprint.register_blueprint(jobs.blueprint)
