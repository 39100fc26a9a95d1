"""Admin API: services."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("admin_services", __name__)
