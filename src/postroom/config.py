"""Configuration from environment variables, each defaulting to the embedded set-up."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


def _secret_from_file(path: Path) -> str:
    """Read a secret kept in the data directory, creating it on first use.

    Written with O_EXCL so that several processes starting at once agree on one value.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        value = secrets.token_urlsafe(48)
        handle.write(value)
    return value


OTHER_COUNTRIES = "*"
# Where `postroom api` and `postroom web` listen unless told otherwise: this machine only.
DEFAULT_HOST = "127.0.0.1"


def parse_multipliers(setting: str) -> dict[str, float]:
    """`"33=2, 49=4, *=2"` to {"33": 2.0, "49": 4.0, "*": 2.0}."""
    multipliers = {}
    for item in filter(None, (part.strip() for part in setting.split(","))):
        prefix, _, value = item.partition("=")
        prefix = prefix.strip().removeprefix("+")
        if not (prefix.isdigit() or prefix == OTHER_COUNTRIES) or not value.strip():
            raise ValueError(f"Not a rate multiplier: {item!r} (expected like 33=2)")
        multipliers[prefix] = float(value)
        if multipliers[prefix] <= 0:
            raise ValueError(f"A rate multiplier must be more than 0: {item!r}")
    return multipliers


def _dev_outbox(env: dict[str, str], database_url: str) -> bool:
    """On unless set off; and only on the embedded default with simulated providers (at scale,
    or with a real provider, it would show real people's codes)."""
    wanted = env.get("POSTROOM_DEV_OUTBOX", "true").lower() in ("1", "true")
    embedded = database_url.startswith("sqlite")
    simulated = not env.get("POSTROOM_SMTP_URL") and not env.get("POSTROOM_SMPP_URL")
    return wanted and embedded and simulated


def _list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    redis_url: str | None
    broker_url: str
    api_port: int
    web_port: int
    secret_key: str
    admin_client_secrets: tuple[str, ...]
    admin_secrets_generated: bool = False
    # Development only: accept http:// callback URLs that point at this machine.
    allow_http_callbacks: bool = False
    # Real providers: email through this SMTP relay (smtp://user:pass@host:587?tls=starttls);
    # without it, the simulated email provider.
    smtp_url: str | None = None
    # Text messages through this SMSC (smpp://system_id:password@host:2775?system_type=&tls=false);
    # without it, the simulated SMS provider.
    smpp_url: str | None = None
    # Bearer tokens providers send receipts to /receipts/... with (several, to rotate them);
    # none: the receipt endpoints refuse everything.
    receipt_tokens: tuple[str, ...] = ()
    # Rate multipliers for texts abroad, by country calling code (see domain/sms_rates).
    sms_rate_multipliers: dict[str, float] = field(default_factory=dict)
    # Development: /_dev/outbox shows the codes and invitations Postroom sent its users (while
    # the web interface listens on this machine alone), and the worker prints them.
    dev_outbox: bool = False
    # The address the web interface listens on (POSTROOM_HOST, or `postroom web --host`).
    host: str = DEFAULT_HOST
    # Emails come from <service's local part>@email_domain.
    email_domain: str = "postroom.localhost"
    # Where people reach the web interface, for links in messages and errors.
    web_url: str = "http://localhost:6012"
    # Files sent by email go to this S3 bucket (boto3's usual credentials; an S3-compatible
    # store at `s3_endpoint_url`); without one, into the database.
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    # ClamAV's clamd, `tcp://host:3310` or `unix:///run/clamav/clamd.ctl`, that scans
    # precompiled letters; without one, letters are not scanned (the embedded default).
    clamd_url: str | None = None
    # Letters print through this print API (the DVLA's contract), signing in with these;
    # without it, into a folder a day under the data directory.
    print_url: str | None = None
    print_username: str = ""
    print_password: str = ""
    print_api_key: str = ""
    # Where the API is reached from outside, for the print provider's despatch reports.
    api_url: str = "http://localhost:6011"

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url.startswith("sqla+sqlite")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    data_dir = Path(env.get("POSTROOM_DATA_DIR", "./postroom-data")).resolve()
    database_url = env.get("POSTROOM_DATABASE_URL") or f"sqlite:///{data_dir / 'postroom.db'}"
    broker_url = env.get("POSTROOM_BROKER_URL") or f"sqla+sqlite:///{data_dir / 'broker.db'}"
    secret_key = env.get("POSTROOM_SECRET_KEY") or _secret_from_file(data_dir / "secret_key")
    admin_env = env.get("POSTROOM_ADMIN_CLIENT_SECRETS", "")
    admin_secrets = _list(admin_env)
    generated = not admin_secrets
    if generated:
        admin_secrets = (_secret_from_file(data_dir / "admin_client_secret"),)
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        redis_url=env.get("POSTROOM_REDIS_URL") or None,
        broker_url=broker_url,
        api_port=int(env.get("POSTROOM_API_PORT", "6011")),
        web_port=int(env.get("POSTROOM_WEB_PORT", "6012")),
        secret_key=secret_key,
        admin_client_secrets=admin_secrets,
        admin_secrets_generated=generated,
        smtp_url=env.get("POSTROOM_SMTP_URL") or None,
        smpp_url=env.get("POSTROOM_SMPP_URL") or None,
        receipt_tokens=_list(env.get("POSTROOM_RECEIPT_TOKENS", "")),
        dev_outbox=_dev_outbox(env, database_url),
        host=env.get("POSTROOM_HOST") or DEFAULT_HOST,
        sms_rate_multipliers=parse_multipliers(env.get("POSTROOM_SMS_RATE_MULTIPLIERS", "")),
        email_domain=env.get("POSTROOM_EMAIL_DOMAIN", "postroom.localhost"),
        web_url=env.get("POSTROOM_WEB_URL")
        or f"http://localhost:{env.get('POSTROOM_WEB_PORT', '6012')}",
        allow_http_callbacks=env.get("POSTROOM_ALLOW_HTTP_CALLBACKS", "").lower() in ("1", "true"),
        s3_bucket=env.get("POSTROOM_S3_BUCKET") or None,
        s3_endpoint_url=env.get("POSTROOM_S3_ENDPOINT_URL") or None,
        clamd_url=env.get("POSTROOM_CLAMD_URL") or None,
        print_url=env.get("POSTROOM_PRINT_URL") or None,
        print_username=env.get("POSTROOM_PRINT_USERNAME", ""),
        print_password=env.get("POSTROOM_PRINT_PASSWORD", ""),
        print_api_key=env.get("POSTROOM_PRINT_API_KEY", ""),
        api_url=env.get("POSTROOM_API_URL")
        or f"http://localhost:{env.get('POSTROOM_API_PORT', '6011')}",
    )
