"""Sending files by email (`prepare_upload`): a personalisation value `{"file": <base64>,
"filename", "confirm_email_before_download", "retention_period"}` is checked with GOV.UK
Notify's messages, the file stored sealed with a key of its own, and the value replaced by a
link to its download page; the key is in the link only, so neither the database nor the object
store alone can read the file, and the stored personalisation keeps the link, not the file.

A file is stored in its own short transaction before the message is (as Notify uploads it
before storing the message): a message refused after that leaves a file nobody has a link to,
removed when its retention ends."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from postroom import runtime
from postroom.cache import Cache
from postroom.clock import utcnow
from postroom.domain.sending import file_types
from postroom.domain.sending.recipients import InvalidRecipient, validate_email_address
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import EMAIL
from postroom.infrastructure.encryption import new_file_key, open_sealed, seal
from postroom.infrastructure.file_storage import file_storage
from postroom.models import Document, Service
from postroom.url_converters import base64_to_bytes, bytes_to_base64, uuid_to_base64

# As Notify's document download: 2 MiB and a little, decoded; filenames of up to 100 characters.
MAX_FILE_BYTES = 2 * 1024 * 1024 + 1024
MAX_FILENAME_LENGTH = 100
DEFAULT_RETENTION_WEEKS = 26
MAX_RETENTION_WEEKS = 78
_RETENTION = re.compile(r"^(\d+) weeks?$")
# As Notify: at most 50 tries at an email address for a file in 5 minutes.
CONFIRM_ATTEMPTS = 50
CONFIRM_WINDOW_SECONDS = 300


def is_file(value) -> bool:
    return isinstance(value, dict) and "file" in value


@dataclass(frozen=True)
class FileToSend:
    content: bytes
    mimetype: str
    filename: str | None
    confirm_email: bool
    retention: timedelta


def _flag(spec: dict, name: str, default: bool) -> bool:
    value = spec.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidRequest(
            f"Unsupported value for {name}: '{value}'. Use a boolean true or false value."
        )
    return value


def _retention(value) -> timedelta:
    if value is None:
        return timedelta(weeks=DEFAULT_RETENTION_WEEKS)
    match = _RETENTION.match(value.strip().lower()) if isinstance(value, str) else None
    if not match or not 1 <= int(match.group(1)) <= MAX_RETENTION_WEEKS:
        raise InvalidRequest(
            f"Unsupported value for retention_period '{value}'. "
            f"Supported periods are from 1 to {MAX_RETENTION_WEEKS} weeks."
        )
    return timedelta(weeks=int(match.group(1)))


def _unsupported(what: str) -> InvalidRequest:
    return InvalidRequest(
        f"Unsupported file type '{what}'. Supported types are: {file_types.EXTENSIONS_LISTED}"
    )


def _filename(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value) > MAX_FILENAME_LENGTH:
        raise InvalidRequest(f"`filename` cannot be longer than {MAX_FILENAME_LENGTH} characters")
    if not isinstance(value, str) or "." not in value:
        raise InvalidRequest("`filename` must end with a file extension. For example, filename.csv")
    extension = file_types.extension_of(value)
    if file_types.mimetype_of_extension(extension) is None:
        raise _unsupported(f".{extension}")
    return value


def _content(value) -> bytes:
    try:
        if not isinstance(value, str):
            raise ValueError("not text")
        content = base64.b64decode(value)
    except (binascii.Error, ValueError) as error:
        raise InvalidRequest("Document is not base64 encoded") from error
    if len(content) > MAX_FILE_BYTES:
        raise InvalidRequest("Uploaded file exceeds file size limit")
    return content


def _mimetype(content: bytes, filename: str | None, is_csv: bool) -> str:
    """As Notify: a filename's extension says the type; otherwise the content does (plain text
    is a CSV file when the sender says it is one)."""
    if filename is not None:
        return file_types.mimetype_of_extension(file_types.extension_of(filename))
    mimetype = file_types.sniffed(content)
    if is_csv and mimetype == "text/plain":
        mimetype = "text/csv"
    if mimetype not in file_types.ALLOWED_MIMETYPES:
        raise _unsupported(mimetype)
    return mimetype


def _checked_spec(spec: dict) -> tuple[bool, bool, timedelta, str | None]:
    return (
        _flag(spec, "is_csv", False),
        _flag(spec, "confirm_email_before_download", True),
        _retention(spec.get("retention_period")),
        _filename(spec.get("filename")),
    )


def _contact_link_missing(service: Service) -> InvalidRequest:
    page = f"{runtime.settings().web_url}/services/{service.id}/service-settings/contact-link"
    return InvalidRequest(
        "Send files by email has not been set up - add contact details for your service at " + page
    )


def files_to_send(service: Service, notification_type: str, personalisation: dict) -> dict:
    """The personalisation's files, each checked, by key; nothing stored yet."""
    specs = {key: value for key, value in personalisation.items() if is_file(value)}
    if not specs:
        return {}
    if notification_type != EMAIL:
        raise InvalidRequest("Can only send a file by email")
    checked = {key: _checked_spec(spec) for key, spec in specs.items()}
    if not service.contact_link:
        raise _contact_link_missing(service)
    files = {}
    for key, (is_csv, confirm_email, retention, filename) in checked.items():
        content = _content(specs[key]["file"])
        files[key] = FileToSend(
            content, _mimetype(content, filename, is_csv), filename, confirm_email, retention
        )
    return files


def link(service_id: uuid.UUID, document_id: uuid.UUID, key: bytes) -> str:
    return (
        f"{runtime.settings().web_url}/d/{uuid_to_base64(service_id)}/"
        f"{uuid_to_base64(document_id)}?key={bytes_to_base64(key)}"
    )


def _store(session: Session, service: Service, file: FileToSend, recipient: str) -> str:
    key = new_file_key()
    now = utcnow()
    document = Document(
        id=uuid.uuid4(),
        service_id=service.id,
        mimetype=file.mimetype,
        size=len(file.content),
        confirm_email=file.confirm_email,
        created_at=now,
        available_until=now + file.retention,
    )
    bound = document.id.bytes
    email = recipient.lower() if file.confirm_email else None
    details = {"filename": file.filename, "email": email}
    document.details = seal(key, json.dumps(details).encode(), bound)
    file_storage().put(document, seal(key, file.content, bound))
    with Session(bind=session.get_bind(), expire_on_commit=False) as own, own.begin():
        own.add(document)
    return link(service.id, document.id, key)


def with_links(
    session: Session,
    service: Service,
    notification_type: str,
    personalisation: dict,
    recipient: str,
) -> tuple[dict, int | None]:
    """`personalisation` with each file stored and replaced by the link to its download page,
    and how many files it had (as Notify, None for none: then nothing is stored)."""
    files = files_to_send(service, notification_type, personalisation)
    if not files:
        return personalisation, None
    linked = {
        name: _store(session, service, files[name], recipient) if name in files else value
        for name, value in personalisation.items()
    }
    return linked, len(files)


@dataclass(frozen=True)
class OpenedDocument:
    document: Document
    key: bytes
    filename: str | None
    email: str | None

    @property
    def expired(self) -> bool:
        return utcnow() >= self.document.available_until

    @property
    def download_name(self) -> str:
        extension = file_types.extension_for(self.document.mimetype)
        return self.filename or f"{self.document.id}.{extension}"

    def content(self) -> bytes:
        return open_sealed(self.key, file_storage().get(self.document), self.document.id.bytes)

    def sent_to(self, address: str) -> bool:
        """Whether `address` is the one the file was sent to (as Notify, both lower-cased)."""
        try:
            given = validate_email_address(address).lower()
        except InvalidRecipient:
            return False
        return self.email is not None and hmac.compare_digest(given, self.email)


def open_document(
    session: Session, service_id: uuid.UUID, document_id: uuid.UUID, key_text: str | None
) -> OpenedDocument:
    """The document, if the link's key opens it; NotFound otherwise (gone, or a wrong key)."""
    document = session.get(Document, document_id)
    if document is None or document.service_id != service_id or not key_text:
        raise NotFound()
    try:
        key = base64_to_bytes(key_text)
        details = json.loads(open_sealed(key, document.details, document.id.bytes))
    except ValueError as error:
        raise NotFound() from error
    return OpenedDocument(document, key, details["filename"], details["email"])


def too_many_attempts(cache: Cache, document_id: uuid.UUID) -> bool:
    """Counts one try at confirming the email address for the document."""
    key = f"document-confirm-attempts:{document_id}"
    (attempts,) = cache.add({key: CONFIRM_WINDOW_SECONDS})
    return attempts > CONFIRM_ATTEMPTS


def delete_expired(session: Session, batch: int = 1000) -> int:
    """Remove the files whose retention has ended, a batch at a time; how many. The files go
    before their rows, so a failure leaves rows to find again the next night."""
    deleted = 0
    while expired := session.execute(
        select(Document.id, Document.service_id)
        .where(Document.available_until <= utcnow())
        .limit(batch)
    ).all():
        file_storage().delete(expired)
        session.execute(delete(Document).where(Document.id.in_([row.id for row in expired])))
        session.commit()
        deleted += len(expired)
    return deleted
