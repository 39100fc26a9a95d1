"""A user's account states and the ways they can sign in (their second factor)."""

from __future__ import annotations

# An invited user is pending until they register; an inactive user can no longer sign in.
PENDING = "pending"
ACTIVE = "active"
INACTIVE = "inactive"
USER_STATES = (PENDING, ACTIVE, INACTIVE)

# (The service permission that allows email codes is also called "email_auth", as in Notify.)
SMS_AUTH_TYPE = "sms_auth"  # a code by text message
EMAIL_AUTH_TYPE = "email_auth"  # a code by email
AUTHENTICATOR_AUTH_TYPE = "totp_auth"  # a code from an authenticator app
AUTH_TYPES = (SMS_AUTH_TYPE, EMAIL_AUTH_TYPE, AUTHENTICATOR_AUTH_TYPE)
# What an invitation may offer: an authenticator app is set up by its owner, once signed in.
INVITED_AUTH_TYPES = (SMS_AUTH_TYPE, EMAIL_AUTH_TYPE)
