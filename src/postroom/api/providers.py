"""Where providers report back over HTTP: email events (deliveries, bounces, complaints), text
message receipts, and text messages people sent to our numbers.

Each report is queued and answered at once; the work happens in a task. Providers authenticate
with a bearer token from POSTROOM_RECEIPT_TOKENS."""

from __future__ import annotations

import hmac
import re
from datetime import UTC, datetime

from flask import Blueprint, request

from postroom import runtime
from postroom.api.auth import AuthError, bearer_token
from postroom.api.openapi import endpoint
from postroom.api.schemas import providers as schemas
from postroom.domain.delivery import receipts
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.providers.base import DeliveryReceipt, IncomingSms
from postroom.tasks.receipts import process_complaint, queue_receipt
from postroom.tasks.received_texts import queue_incoming_sms

blueprint = Blueprint("providers", __name__, url_prefix="/providers/<provider>")
PROVIDER_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")


@blueprint.before_request
def require_provider_token() -> None:
    tokens = runtime.settings().receipt_tokens
    if not tokens:
        raise AuthError("Provider reports are not enabled: set POSTROOM_RECEIPT_TOKENS", 403)
    token = bearer_token().encode()
    if not any(hmac.compare_digest(token, known.encode()) for known in tokens):
        raise AuthError("Invalid token: provider token is not valid", 403)
    if not PROVIDER_NAME.fullmatch(request.view_args.get("provider", "")):
        raise InvalidRequest("A provider name is 1 to 32 lower-case letters, digits and hyphens")


def report(summary: str, body: dict):
    """A provider report: a JSON body, answered with 204 once queued."""
    return endpoint(summary, body=body, responses={204: None}, tag="providers", security="provider")


def _timestamp(body: dict) -> str | None:
    raw = body.get("timestamp")
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as error:
        raise InvalidRequest({"timestamp": ["Not a valid ISO 8601 date and time."]}) from error
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


@blueprint.post("/email-receipts")
@report(
    "Report what became of an email: delivered, bounced or complained about", schemas.EMAIL_RECEIPT
)
def email_receipt(provider, body):
    reference = receipts.normalise_reference(body["reference"])
    if body["event"] == receipts.EMAIL_COMPLAINT:
        process_complaint.apply_async(
            args=[
                reference,
                provider,
                body.get("complaint_type"),
                body.get("complaint_id"),
                _timestamp(body),
            ]
        )
    else:
        outcome = receipts.email_event_outcome(body["event"], body.get("bounce_type"))
        queue_receipt(DeliveryReceipt(reference, outcome, provider, body.get("detail")))
    return "", 204


@blueprint.post("/sms-receipts")
@report("Report what became of a text message", schemas.SMS_RECEIPT)
def sms_receipt(provider, body):
    receipt = DeliveryReceipt(
        body["reference"].strip(),
        receipts.SMS_REPORTS[body["status"]],
        provider,
        body.get("detail"),
    )
    queue_receipt(receipt)
    return "", 204


@blueprint.post("/inbound-sms")
@report("Hand over a text message someone sent to one of our numbers", schemas.INBOUND_SMS)
def inbound_sms(provider, body):
    queue_incoming_sms(
        IncomingSms(
            to=body["to"].removeprefix("+"),
            sender=body["from"].removeprefix("+"),
            content=body["content"],
            provider=provider,
            reference=body.get("reference"),
        )
    )
    return "", 204
