"""Team members' permissions: the eight in the database and the five the web interface shows."""

from __future__ import annotations

MANAGE_USERS = "manage_users"
MANAGE_TEMPLATES = "manage_templates"
MANAGE_SETTINGS = "manage_settings"
SEND_TEXTS = "send_texts"
SEND_EMAILS = "send_emails"
SEND_LETTERS = "send_letters"
MANAGE_API_KEYS = "manage_api_keys"
VIEW_ACTIVITY = "view_activity"

DATABASE_PERMISSIONS = (
    MANAGE_USERS,
    MANAGE_TEMPLATES,
    MANAGE_SETTINGS,
    SEND_TEXTS,
    SEND_EMAILS,
    SEND_LETTERS,
    MANAGE_API_KEYS,
    VIEW_ACTIVITY,
)

# The web interface's five: three share their names with the database permission they stand for.
SEND_MESSAGES = "send_messages"
MANAGE_SERVICE = "manage_service"  # settings, team and usage

# The web interface's permissions and the database permissions each one stands for.
UI_TO_DATABASE = {
    VIEW_ACTIVITY: (VIEW_ACTIVITY,),
    SEND_MESSAGES: (SEND_TEXTS, SEND_EMAILS, SEND_LETTERS),
    MANAGE_TEMPLATES: (MANAGE_TEMPLATES,),
    MANAGE_SERVICE: (MANAGE_USERS, MANAGE_SETTINGS),
    MANAGE_API_KEYS: (MANAGE_API_KEYS,),
}
UI_PERMISSIONS = tuple(UI_TO_DATABASE)


def to_database(ui_permissions: set[str] | list[str]) -> set[str]:
    return {db for ui in ui_permissions for db in UI_TO_DATABASE[ui]}


def to_ui(database_permissions: set[str] | list[str]) -> set[str]:
    """A UI permission is held only when every database permission behind it is held."""
    held = set(database_permissions)
    return {ui for ui, dbs in UI_TO_DATABASE.items() if held.issuperset(dbs)}
