"""GOV.UK Notify's official Node client (notifications-node-client from npm, a devDependency that
`npm ci` installs) against Postroom served over HTTP: tests/node/official_client.test.mjs, run
by node's own test runner, calls every method the client has."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from postroom.domain.services import senders
from postroom.domain.services.api_keys import combined_key
from tests.factories import create_template
from tests.fixtures.official_client import receive_texts
from tests.fixtures.service_api import make_key

NODE = shutil.which("node")
ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "tests" / "node" / "official_client.test.mjs"

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def test_every_method_of_the_official_node_client(
    session, api_server, live_service, user, sms_template, email_template, letter_template
):
    assert (ROOT / "node_modules" / "notifications-node-client").is_dir(), (
        "notifications-node-client is missing: run `npm ci` (`make install` does)"
    )
    live_service.contact_link = "https://example.gov.uk/contact"
    file_template = create_template(
        session, live_service, template_type="email", content="Download it at ((link))"
    )
    plain_template = create_template(
        session, live_service, template_type="email", content="Dear Sir or Madam"
    )
    sender = senders.add_contact(session, senders.SMS_SENDERS, live_service.id, "EXAMPLE", False)
    reply_to = senders.add_contact(
        session, senders.REPLY_TO, live_service.id, "replies@example.gov.uk", True
    )
    receive_texts(session, live_service, "first", "second")
    session.commit()
    fixture = {
        "baseUrl": api_server,
        "apiKey": combined_key("node", live_service.id, make_key(session, live_service, "normal")),
        "serviceId": str(live_service.id),
        "emailSenderLocalPart": live_service.email_sender_local_part,
        "createdBy": user.email_address,
        "smsTemplateId": str(sms_template.id),
        "emailTemplateId": str(email_template.id),
        "letterTemplateId": str(letter_template.id),
        "fileTemplateId": str(file_template.id),
        "plainTemplateId": str(plain_template.id),
        "smsSenderId": str(sender.id),
        "replyToId": str(reply_to.id),
    }
    run = subprocess.run(
        [NODE, "--test", "--test-reporter=spec", str(SCRIPT)],
        cwd=ROOT,
        env={**os.environ, "POSTROOM_NODE_FIXTURE": json.dumps(fixture), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # A script that ran nothing would pass too: every test in it must have run.
    assert re.search(r"^ℹ pass (\d+)$", run.stdout, re.M).group(1) == str(
        SCRIPT.read_text().count("\ntest(") + SCRIPT.read_text().count("\ndiffers(")
    ), run.stdout
