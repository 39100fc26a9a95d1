"""Text messages over SMPP 3.4, to any SMSC.

Each process keeps one bound transceiver session on a background thread with its own event loop;
smpp34's core does the framing, windowing and enquire_link. Sends from any thread submit on it
and wait for the SMSC's answer. Delivery receipts and inbound messages arriving on it at any time
go to the session's sinks. When the session drops it binds again, backing off up to 30 seconds.

A long message is submitted as concatenated parts, each with its own message id; the last part's
id is the notification's reference, and receipts for the other parts are ignored."""

from __future__ import annotations

import asyncio
import atexit
import collections
import concurrent.futures
import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass

import smpp34

from postroom.providers import smpp_pdus
from postroom.providers.base import (
    DeliveryReceipt,
    IncomingSms,
    OutgoingSms,
    ProviderError,
    SessionSinks,
)

logger = logging.getLogger(__name__)

NAME = "smpp"
MAX_BIND_BACKOFF_SECONDS = 30
# Refusals that no retry will change.
PERMANENT_REFUSALS = frozenset({smpp34.ESME_RINVDSTADR, smpp34.ESME_RINVSRCADR})
# How many ids of non-final parts to remember, to recognise (and drop) their receipts.
REMEMBERED_PART_IDS = 10_000


class _NotBound(Exception):
    """Nothing was submitted: there is no session just now."""


@dataclass(frozen=True)
class SmppSettings:
    host: str
    port: int
    system_id: str
    password: str
    system_type: str = ""
    tls: bool = False
    timeout_seconds: float = 30.0


class SmppSession:
    def __init__(self, settings: SmppSettings, sinks: SessionSinks) -> None:
        self.settings = settings
        self.sinks = sinks
        self._loop = asyncio.new_event_loop()
        self._bound = threading.Event()
        self._smsc: smpp34.Smsc | None = None
        self._stopping = False
        self._reassembler = smpp_pdus.Reassembler()
        self._part_ids: collections.deque[str] = collections.deque(maxlen=REMEMBERED_PART_IDS)
        # Hands what arrives to the sinks; stopping waits for what it has in hand.
        self._handing_over = concurrent.futures.ThreadPoolExecutor(2, "smpp-sinks")
        self._thread = threading.Thread(target=self._loop.run_forever, name="smpp", daemon=True)
        self._thread.start()
        self._task: asyncio.Task | None = None
        asyncio.run_coroutine_threadsafe(self._run(), self._loop)

    # -- sending, from any thread --------------------------------------------------------------

    def submit(self, message: OutgoingSms) -> str:
        """Submit every part of the message; return the SMSC's id for the last one."""
        deadline = time.monotonic() + self.settings.timeout_seconds
        while self._bound.wait(max(0.0, deadline - time.monotonic())):
            future = asyncio.run_coroutine_threadsafe(self._submit(message), self._loop)
            try:
                return future.result(max(0.0, deadline - time.monotonic()))
            except _NotBound:
                time.sleep(0.05)  # the session dropped just now: wait for the next one
            except concurrent.futures.TimeoutError as error:
                future.cancel()
                raise ProviderError("The SMSC did not answer in time", retryable=True) from error
            except smpp34.SmppError as error:
                raise ProviderError(f"SMPP error: {error}", retryable=True) from error
        raise ProviderError("Not bound to the SMSC", retryable=True, unreachable=True)

    async def _submit(self, message: OutgoingSms) -> str:
        smsc = self._smsc
        if smsc is None:
            raise _NotBound
        source = smpp_pdus.source_address(message.sender or self.settings.system_id)
        destination = smpp_pdus.destination_address(message.to)
        ids = []
        for part in smpp_pdus.submit_parts(message.content):
            response = await smsc.submit_sm(
                destination.addr,
                part.short_message,
                source_addr=source.addr,
                source_addr_ton=source.ton,
                source_addr_npi=source.npi,
                dest_addr_ton=destination.ton,
                dest_addr_npi=destination.npi,
                esm_class=part.esm_class,
                data_coding=part.data_coding,
                registered_delivery=smpp_pdus.REGISTERED_DELIVERY_FINAL_RECEIPT,
            )
            if not response.is_success or not response.message_id:
                status = response.command_status
                raise ProviderError(
                    f"The SMSC refused the message (command_status {status:#010x})",
                    retryable=status not in PERMANENT_REFUSALS,
                )
            ids.append(response.message_id)
        self._part_ids.extend(ids[:-1])
        return ids[-1]

    # -- the session, on its own thread ---------------------------------------------------------

    async def _run(self) -> None:
        self._task = asyncio.current_task()
        delay = 1
        while not self._stopping:
            client = smpp34.Client(
                self.settings.host,
                self.settings.port,
                self.settings.system_id,
                self.settings.password,
                bind_type="TRX",
                system_type=self.settings.system_type,
                tls=self.settings.tls,
                connect_timeout_ms=int(self.settings.timeout_seconds * 1000),
            )
            try:
                self._smsc = await client.connect()
            except smpp34.SmppError as error:
                logger.warning("Could not bind to the SMSC (again in %s s): %s", delay, error)
                await client.stop()
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BIND_BACKOFF_SECONDS)
                continue
            delay = 1
            self._bound.set()
            try:
                await self._read(self._smsc)
            finally:
                self._bound.clear()
                self._smsc = None
                await client.stop()

    async def _read(self, smsc: smpp34.Smsc) -> None:
        while True:
            event = await smsc.next()
            if isinstance(event, smpp34.Disconnected):
                logger.warning("The SMSC session ended; binding again")
                return
            item = self._read_event(event)
            if item is not None:
                sink = (
                    self.sinks.receipt if isinstance(item, DeliveryReceipt) else self.sinks.inbound
                )
                # Sinks queue tasks (network I/O): off the loop, so submits are never held up.
                self._loop.run_in_executor(self._handing_over, self._hand_over, sink, item)

    def _read_event(self, event: smpp34.DeliverSmEvent) -> DeliveryReceipt | IncomingSms | None:
        if smpp_pdus.is_receipt(event.esm_class):
            outcome = smpp_pdus.receipt_outcome(event.short_message, event.tlvs)
            if outcome is None:
                logger.warning("Unreadable delivery receipt: %r", event.short_message)
                return None
            message_id, what_became, state = outcome
            if message_id in self._part_ids:
                return None
            return DeliveryReceipt(message_id, what_became, NAME, f"SMSC state {state}")
        content = self._reassembler.add(
            event.source_addr, event.short_message, event.esm_class, event.data_coding
        )
        if content is None:
            return None  # more parts to come
        return IncomingSms(
            to=event.destination_addr, sender=event.source_addr, content=content, provider=NAME
        )

    @staticmethod
    def _hand_over(sink, item) -> None:
        try:
            sink(item)
        except Exception:
            logger.exception("Could not hand over %r", item)

    def stop(self) -> None:
        async def shutdown() -> None:
            self._stopping = True
            if self._smsc is None:
                self._task.cancel()  # not bound: waiting to bind again
            else:
                with contextlib.suppress(smpp34.SmppError):
                    await self._smsc.unbind()
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._task, 5)

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        except concurrent.futures.TimeoutError:
            logger.warning("Could not unbind cleanly from the SMSC")
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._handing_over.shutdown(wait=True)


class SmppSmsProvider:
    name = NAME

    def __init__(self, session: SmppSession) -> None:
        self.session = session

    def kept_open(self):
        return contextlib.nullcontext()  # the process's session is always open

    def send_sms(self, message: OutgoingSms) -> str:
        return self.session.submit(message)


_sessions: dict[tuple[int, SmppSettings], SmppSession] = {}
_sessions_lock = threading.Lock()


def shared_session(settings: SmppSettings, sinks: SessionSinks) -> SmppSession:
    """This process's session for `settings` (a forked child never uses its parent's)."""
    key = (os.getpid(), settings)
    with _sessions_lock:
        if key not in _sessions:
            _sessions[key] = SmppSession(settings, sinks)
        return _sessions[key]


@atexit.register
def stop_sessions() -> None:
    """Unbind before the interpreter goes: the native core's threads must not outlive it."""
    with _sessions_lock:
        mine = [key for key in _sessions if key[0] == os.getpid()]
        for key in mine:
            _sessions.pop(key).stop()
