"""The settings of this process, set once at start-up by the API, web, worker or CLI."""

from __future__ import annotations

from postroom.config import Settings, load_settings
from postroom.db import db

_settings: Settings | None = None


def configure(settings: Settings | None = None) -> Settings:
    global _settings
    _settings = settings or load_settings()
    db.configure(_settings.database_url)
    return _settings


def settings() -> Settings:
    if _settings is None:
        return configure()
    return _settings
