"""Admin API: templates."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("admin_templates", __name__)
