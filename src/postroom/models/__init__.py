"""Every model, imported so that `Base.metadata` knows the whole schema."""

from postroom.models.api_keys import ApiKey, ApiKeyHistory
from postroom.models.audit_events import Event
from postroom.models.base import Base
from postroom.models.billing import AnnualBilling, FactBilling, LetterRate, SmsRate
from postroom.models.documents import Document
from postroom.models.idempotency_keys import IdempotencyKey
from postroom.models.jobs import Job, Upload
from postroom.models.letter_attachments import LetterAttachment
from postroom.models.letters import LetterFile
from postroom.models.notifications import (
    Complaint,
    Notification,
    NotificationHistory,
    NotificationStatusEvent,
)
from postroom.models.organisations import (
    EmailBranding,
    InvitedOrganisationUser,
    LetterBranding,
    Organisation,
    OrganisationDomain,
)
from postroom.models.received_texts import InboundSms
from postroom.models.report_requests import ReportRequest
from postroom.models.returned_letters import ReturnedLetter
from postroom.models.services import (
    GuestListRecipient,
    InboundNumber,
    Service,
    ServiceCallback,
    ServiceCallbackHistory,
    ServiceDataRetention,
    ServiceEmailReplyTo,
    ServiceHistory,
    ServiceLetterContact,
    ServicePermission,
    ServiceSmsSender,
)
from postroom.models.statistics import FactNotificationStatus
from postroom.models.templates import Template, TemplateFolder, TemplateHistory
from postroom.models.users import InvitedUser, Permission, User, UserFolderPermission, VerifyCode

__all__ = [
    "AnnualBilling",
    "ApiKey",
    "ApiKeyHistory",
    "Base",
    "Complaint",
    "Document",
    "EmailBranding",
    "Event",
    "FactBilling",
    "FactNotificationStatus",
    "GuestListRecipient",
    "IdempotencyKey",
    "InboundNumber",
    "InboundSms",
    "InvitedOrganisationUser",
    "InvitedUser",
    "Job",
    "LetterAttachment",
    "LetterFile",
    "LetterBranding",
    "LetterRate",
    "Notification",
    "NotificationHistory",
    "NotificationStatusEvent",
    "Organisation",
    "OrganisationDomain",
    "Permission",
    "ReportRequest",
    "ReturnedLetter",
    "Service",
    "ServiceCallback",
    "ServiceCallbackHistory",
    "ServiceDataRetention",
    "ServiceEmailReplyTo",
    "ServiceHistory",
    "ServiceLetterContact",
    "ServicePermission",
    "ServiceSmsSender",
    "SmsRate",
    "Template",
    "TemplateFolder",
    "TemplateHistory",
    "Upload",
    "User",
    "UserFolderPermission",
    "VerifyCode",
]
