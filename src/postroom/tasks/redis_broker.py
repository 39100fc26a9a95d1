"""kombu's Redis transport with one fault worked around, so a worker survives a Redis restart.

When the connection to Redis drops while a worker holds messages it has not acknowledged yet
(late acknowledgement), kombu goes on to acknowledge them, or to give them back to Redis as it
closes the channel, after the connection's settings are gone: an AttributeError that kombu does
not catch stops the worker ("Unrecoverable error"). Here such an acknowledgement or give-back is
tried and, when it cannot be done, left: the message stays in Redis's set of unacknowledged
messages, which a worker restores after the visibility timeout, so the message is processed at
least once (a delivery batch that comes back finds its claim gone and does nothing). The consumer
then reconnects as usual."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from kombu.transport import redis

logger = logging.getLogger(__name__)

_REDIS_GONE = (AttributeError, *redis.get_redis_error_classes().connection_errors)


@contextmanager
def _left_to_redis(what: str) -> Iterator[None]:
    try:
        yield
    except _REDIS_GONE:
        logger.warning("Redis went away before %s: Redis gives it back later", what)


class QoS(redis.QoS):
    def ack(self, delivery_tag):
        with _left_to_redis("a message was acknowledged"):
            super().ack(delivery_tag)

    def reject(self, delivery_tag, requeue=False):
        with _left_to_redis("a message was rejected"):
            super().reject(delivery_tag, requeue=requeue)

    def restore_unacked(self, client=None):
        with _left_to_redis(f"{len(self._delivered)} unacknowledged messages were given back"):
            super().restore_unacked(client)


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel
