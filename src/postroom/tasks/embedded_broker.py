"""The embedded broker: kombu's SQLAlchemy transport on a SQLite file, polled often.

Two changes to kombu's channel. It passes every transport option to SQLAlchemy's
`create_engine`, so its own `polling_interval` cannot be set for this transport: this channel
hands the engine only the options that are the engine's (with the default one-second poll, a
worker round-robining nine queues took about nine messages a second). And kombu keeps every
message it has delivered (marked invisible) and scans them all on each poll, so the transport
slowed with every message it had ever moved: this channel deletes a message as it takes it
(acknowledgements are kept in memory by kombu either way, so nothing reads it again), and the
invisible ones an older Postroom left behind when it opens.

It carries little: a task per batch of messages, not per message (see `outbox`)."""

from __future__ import annotations

from kombu.transport import TRANSPORT_ALIASES, sqlalchemy
from kombu.transport.sqlalchemy.models import metadata
from kombu.transport.virtual import Empty
from kombu.utils.encoding import bytes_to_str
from kombu.utils.json import loads
from sqlalchemy import create_engine, delete, text

ENGINE_OPTIONS = ("connect_args",)
POLLING_INTERVAL_SECONDS = 0.05


class Channel(sqlalchemy.Channel):
    def _engine_from_config(self):
        client = self.connection.client
        options = {k: v for k, v in client.transport_options.items() if k in ENGINE_OPTIONS}
        engine = create_engine(client.hostname, **options)
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(delete(self.message_cls.__table__).where(text("visible = 0")))
        return engine

    def _get(self, queue):
        found = self._get_or_create(queue)
        self.session.execute(text("BEGIN IMMEDIATE TRANSACTION"))
        try:
            message = (
                self.session.query(self.message_cls)
                .filter(self.message_cls.queue_id == found.id)
                .order_by(self.message_cls.sent_at, self.message_cls.id)
                .first()
            )
            if message is None:
                raise Empty()
            payload = message.payload
            self.session.delete(message)
            return loads(bytes_to_str(payload))
        finally:
            self.session.commit()


class Transport(sqlalchemy.Transport):
    Channel = Channel


# Broker URLs `postroomsqla+sqlite:///...` use this transport.
SCHEME = "postroomsqla"
TRANSPORT_ALIASES[SCHEME] = f"{__name__}:Transport"


def broker_url(sqla_url: str) -> str:
    """`sqla+sqlite:///...` as the URL of this transport."""
    return SCHEME + "+" + sqla_url.removeprefix("sqla+")
