"""The embedded broker: kombu's SQLAlchemy transport on a SQLite file, polled often.

kombu passes every transport option to SQLAlchemy's `create_engine`, so its own
`polling_interval` cannot be set for this transport; this channel hands the engine only the
options that are the engine's. With the default one-second poll, a worker round-robining nine
queues took about nine messages a second."""

from __future__ import annotations

from kombu.transport import TRANSPORT_ALIASES, sqlalchemy
from sqlalchemy import create_engine

ENGINE_OPTIONS = ("connect_args",)
POLLING_INTERVAL_SECONDS = 0.05


class Channel(sqlalchemy.Channel):
    def _engine_from_config(self):
        client = self.connection.client
        options = {k: v for k, v in client.transport_options.items() if k in ENGINE_OPTIONS}
        return create_engine(client.hostname, **options)


class Transport(sqlalchemy.Transport):
    Channel = Channel


# Broker URLs `postroomsqla+sqlite:///...` use this transport.
SCHEME = "postroomsqla"
TRANSPORT_ALIASES[SCHEME] = f"{__name__}:Transport"


def broker_url(sqla_url: str) -> str:
    """`sqla+sqlite:///...` as the URL of this transport."""
    return SCHEME + "+" + sqla_url.removeprefix("sqla+")
