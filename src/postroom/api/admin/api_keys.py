"""Admin API: api_keys."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("admin_api_keys", __name__)
