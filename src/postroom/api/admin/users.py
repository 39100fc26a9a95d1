"""Admin API: users."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("admin_users", __name__)
