"""Message types and the service permissions, key types and organisation types that go with them."""

from __future__ import annotations

EMAIL = "email"
SMS = "sms"
LETTER = "letter"
NOTIFICATION_TYPES = (EMAIL, SMS, LETTER)
# The public API's order, which GOV.UK Notify's messages list them in.
PUBLIC_TEMPLATE_TYPES = [SMS, EMAIL, LETTER]
_NAMES = {
    EMAIL: ("email", "emails"),
    SMS: ("text message", "text messages"),
    LETTER: ("letter", "letters"),
}
# Types a delivery task hands to a provider; letters wait in `created` for the printing run.
DELIVERED_BY_TASK = (EMAIL, SMS)

# Service permissions: what a service may do at all (switched on in its settings).
INTERNATIONAL_SMS = "international_sms"
INTERNATIONAL_LETTERS = "international_letters"
INBOUND_SMS = "inbound_sms"
EMAIL_AUTH = "email_auth"
SEND_FILES_VIA_UI = "send_files_via_ui"
SMS_TO_UK_LANDLINES = "sms_to_uk_landlines"
EDIT_FOLDER_PERMISSIONS = "edit_folder_permissions"
SERVICE_PERMISSIONS = (
    EMAIL,
    SMS,
    LETTER,
    INTERNATIONAL_SMS,
    INTERNATIONAL_LETTERS,
    INBOUND_SMS,
    EMAIL_AUTH,
    SEND_FILES_VIA_UI,
    SMS_TO_UK_LANDLINES,
    EDIT_FOLDER_PERMISSIONS,
)
DEFAULT_SERVICE_PERMISSIONS = (EMAIL, SMS, INTERNATIONAL_SMS, LETTER)

# API key types.
KEY_TYPE_NORMAL = "normal"
KEY_TYPE_TEAM = "team"
KEY_TYPE_TEST = "test"
KEY_TYPES = (KEY_TYPE_NORMAL, KEY_TYPE_TEAM, KEY_TYPE_TEST)

# Letter postage classes, in the order usage pages list them.
POSTAGE_TYPES = ("first", "second", "economy", "europe", "rest-of-world")


def type_name(notification_type: str, count: int = 1) -> str:
    """How a type is named in a sentence: `1 text message`, `3 emails`."""
    singular, plural = _NAMES[notification_type]
    return singular if count == 1 else plural
