"""`GET /_status`: is this process up, and can it reach its database?"""

from __future__ import annotations

from flask import Blueprint, jsonify

from postroom.api.openapi import endpoint
from postroom.db import db

blueprint = Blueprint("status", __name__)

STATUS_RESPONSE = {
    "type": "object",
    "required": ["status", "database"],
    "properties": {
        "status": {"enum": ["ok", "error"]},
        "database": {"enum": ["ok", "unreachable"]},
    },
}


@blueprint.get("/_status")
@endpoint("Health check", responses={200: STATUS_RESPONSE}, tag="status", security="none")
def status():
    reachable = db.reachable()
    # 200 either way: the process is up; the body says whether it can do its work.
    return jsonify(
        status="ok" if reachable else "error", database="ok" if reachable else "unreachable"
    )
