"""The SMPP provider against a real SMPP peer: submits, long messages, refusals, receipts,
inbound messages and binding again after the session drops."""

from __future__ import annotations

import pytest
import smpp34

from postroom.providers import smpp_pdus
from postroom.providers.base import Outcome, OutgoingSms, ProviderError, SessionSinks
from postroom.providers.registry import smpp_settings
from postroom.providers.smpp import SmppSettings, SmppSmsProvider, shared_session
from postroom.text import gsm
from tests.fixtures.smpp import wait_until
from tests.fixtures.smtp import free_port


class Collected:
    def __init__(self) -> None:
        self.receipts, self.inbound = [], []
        self.sinks = SessionSinks(receipt=self.receipts.append, inbound=self.inbound.append)


@pytest.fixture
def collected():
    return Collected()


@pytest.fixture
def provider(smsc, collected):
    session = shared_session(smpp_settings(smsc.url), collected.sinks)
    return SmppSmsProvider(session)


def _sms(content: str, to: str = "447700900123", sender: str = "Postroom") -> OutgoingSms:
    return OutgoingSms(notification_id="n-1", to=to, sender=sender, content=content)


def test_a_text_is_submitted_in_gsm_with_a_receipt_asked_for(smsc, provider):
    reference = provider.send_sms(_sms("Your code is 1234 £5"))
    [submitted] = smsc.submitted
    assert reference == submitted.message_id
    assert submitted.destination_addr == "447700900123"
    assert (submitted.source_addr, submitted.source_addr_ton) == ("Postroom", 5)
    assert submitted.data_coding == smpp_pdus.DATA_CODING_DEFAULT
    assert submitted.registered_delivery == 1
    assert gsm.decode(submitted.short_message) == "Your code is 1234 £5"


def test_a_numeric_sender_is_an_international_number(smsc, provider):
    provider.send_sms(_sms("Hi", sender="+447700900500"))
    [submitted] = smsc.submitted
    assert (submitted.source_addr, submitted.source_addr_ton) == ("447700900500", 1)


def test_a_long_message_is_sent_in_concatenated_parts(smsc, provider):
    content = "x" * 200
    reference = provider.send_sms(_sms(content))
    first, second = smsc.submitted
    assert reference == second.message_id  # the last part names the message
    headers = [part.short_message[:6] for part in (first, second)]
    assert headers[0][:5] == headers[1][:5]  # one reference, two parts
    assert (headers[0][4:], headers[1][4:]) == (bytes([2, 1]), bytes([2, 2]))
    assert all(part.esm_class & smpp_pdus.ESM_CLASS_UDHI for part in (first, second))
    body = b"".join(part.short_message[6:] for part in (first, second))
    assert gsm.decode(body) == content


def test_a_unicode_message_is_sent_in_ucs2(smsc, provider):
    provider.send_sms(_sms("Diolch ŵ"))
    [submitted] = smsc.submitted
    assert submitted.data_coding == smpp_pdus.DATA_CODING_UCS2
    assert submitted.short_message.decode("utf-16-be") == "Diolch ŵ"


@pytest.mark.parametrize(
    ("command_status", "retryable"),
    [(smpp34.ESME_RINVDSTADR, False), (smpp34.ESME_RTHROTTLED, True)],
)
def test_refusals_are_provider_errors(smsc, provider, command_status, retryable):
    smsc.refusals["447700900666"] = command_status
    with pytest.raises(ProviderError, match="refused") as raised:
        provider.send_sms(_sms("Hi", to="447700900666"))
    assert raised.value.retryable is retryable


def test_delivery_receipts_reach_the_receipt_sink(smsc, provider, collected):
    reference = provider.send_sms(_sms("Hi"))
    smsc.send_receipt(reference, "DELIVRD")
    [receipt] = wait_until(lambda: collected.receipts, what="the receipt")
    assert (receipt.reference, receipt.outcome, receipt.provider) == (
        reference,
        Outcome.DELIVERED,
        "smpp",
    )


def test_the_message_state_option_wins_over_the_receipt_text(smsc, provider, collected):
    reference = provider.send_sms(_sms("Hi"))
    state = smpp34.Tlv(smpp_pdus.TLV_MESSAGE_STATE, bytes([5]))  # undeliverable
    smsc.send_receipt(reference, "DELIVRD", tlvs=[state])
    [receipt] = wait_until(lambda: collected.receipts, what="the receipt")
    assert receipt.outcome == Outcome.UNDELIVERABLE


def test_receipts_for_earlier_parts_of_a_long_message_are_ignored(smsc, provider, collected):
    reference = provider.send_sms(_sms("y" * 200))
    first_part = smsc.submitted[0].message_id
    smsc.send_receipt(first_part, "DELIVRD")
    smsc.send_receipt(reference, "EXPIRED")
    [receipt] = wait_until(lambda: collected.receipts, what="the receipt")
    assert (receipt.reference, receipt.outcome) == (reference, Outcome.NOT_DELIVERED)


def test_inbound_messages_reach_the_inbound_sink(smsc, provider, collected):
    provider.send_sms(_sms("Reply YES"))  # binds
    smsc.send_inbound("447700900500", "447700900123", gsm.encode("YES please"))
    [message] = wait_until(lambda: collected.inbound, what="the inbound message")
    assert (message.to, message.sender, message.content) == (
        "447700900500",
        "447700900123",
        "YES please",
    )


def test_long_inbound_messages_are_joined(smsc, provider, collected):
    provider.send_sms(_sms("Hi"))
    for number, text in ((2, "ŵorld"), (1, "Hello ")):  # out of order
        header = bytes((5, 0, 3, 42, 2, number))
        smsc.send_inbound(
            "447700900500",
            "447700900123",
            header + text.encode("utf-16-be"),
            esm_class=smpp_pdus.ESM_CLASS_UDHI,
            data_coding=smpp_pdus.DATA_CODING_UCS2,
        )
    [message] = wait_until(lambda: collected.inbound, what="the joined message")
    assert message.content == "Hello ŵorld"


def test_the_session_binds_again_after_it_drops(smsc, provider):
    provider.send_sms(_sms("first"))
    smsc.drop_sessions()
    wait_until(lambda: smsc.sessions, what="Postroom to bind again")
    provider.send_sms(_sms("second"))
    assert [gsm.decode(s.short_message) for s in smsc.submitted] == ["first", "second"]


def test_no_smsc_is_a_retryable_error(collected):
    settings = SmppSettings("127.0.0.1", free_port(), "postroom", "secret", timeout_seconds=0.5)
    provider = SmppSmsProvider(shared_session(settings, collected.sinks))
    with pytest.raises(ProviderError, match="Not bound") as raised:
        provider.send_sms(_sms("Hi"))
    assert raised.value.retryable


def test_smpp_url_settings():
    settings = smpp_settings("smpps://sys%40id:p%3Ass@smsc.example:3550?system_type=VMA")
    assert (settings.host, settings.port, settings.system_id, settings.password) == (
        "smsc.example",
        3550,
        "sys@id",
        "p:ss",
    )
    assert (settings.system_type, settings.tls) == ("VMA", True)
    assert smpp_settings("smpp://a:b@smsc.example").port == 2775
