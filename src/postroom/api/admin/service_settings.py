"""Admin API: service_settings."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("admin_service_settings", __name__)
