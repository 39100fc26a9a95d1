import os

import pytest
import redis
from kombu import Connection, Exchange, Producer, Queue

from postroom.config import load_settings
from postroom.tasks.celery_app import QUEUES, configure_celery


def test_each_kind_of_work_has_its_own_queue_and_routing_key(tmp_path):
    celery = configure_celery(load_settings({"POSTROOM_DATA_DIR": str(tmp_path)}))
    queues = {q.name: q for q in celery.conf.task_queues}
    assert set(queues) == set(QUEUES)
    assert len({q.routing_key for q in queues.values()}) == len(QUEUES)


def test_embedded_broker_is_sqlite_in_the_data_directory(tmp_path):
    celery = configure_celery(load_settings({"POSTROOM_DATA_DIR": str(tmp_path)}))
    assert celery.conf.broker_url == f"postroomsqla+sqlite:///{tmp_path / 'broker.db'}"
    with celery.connection_for_write() as connection:
        transport = connection.transport
        # Our transport, polled often (kombu's own default is once a second).
        assert type(transport).__module__ == "postroom.tasks.embedded_broker"
        assert transport.polling_interval == 0.05
    assert celery.conf.beat_schedule_filename == str(tmp_path / "celerybeat-schedule")


def test_nightly_statistics_are_scheduled(tmp_path):
    celery = configure_celery(load_settings({"POSTROOM_DATA_DIR": str(tmp_path)}))
    tasks = {entry["task"] for entry in celery.conf.beat_schedule.values()}
    assert "build-notification-status-facts" in tasks


def test_periodic_tasks_are_routed_to_the_periodic_queue(tmp_path):
    celery = configure_celery(load_settings({"POSTROOM_DATA_DIR": str(tmp_path)}))
    import postroom.tasks.health  # noqa: F401  (registers the task)

    route = celery.amqp.router.route({}, "record-heartbeat")
    assert route["queue"].name == "periodic"


def test_the_embedded_broker_forgets_a_message_once_taken(tmp_path):
    """kombu's own SQLAlchemy channel kept every message it delivered and scanned them all on
    each poll, slowing with every message it had moved."""
    import sqlite3

    from kombu import Connection

    celery = configure_celery(load_settings({"POSTROOM_DATA_DIR": str(tmp_path)}))
    with Connection(celery.conf.broker_url) as connection:
        queue = connection.SimpleQueue("send-email")
        for n in range(3):
            queue.put({"n": n})
        taken = [queue.get(timeout=5) for _ in range(3)]
        for message in taken:
            message.ack()
        queue.close()
    assert [m.payload["n"] for m in taken] == [0, 1, 2]
    with sqlite3.connect(tmp_path / "broker.db") as db:
        assert db.execute("SELECT count(*) FROM kombu_message").fetchone() == (0,)


@pytest.fixture
def broker_redis_url():
    url = os.environ.get("POSTROOM_TEST_REDIS_URL")
    if not url:
        pytest.skip("needs Redis (POSTROOM_TEST_REDIS_URL)")
    yield url
    client = redis.Redis.from_url(url)
    for key in client.scan_iter("postroom-test-broker:*"):
        client.delete(key)


def test_redis_is_the_broker_through_a_transport_that_survives_its_restart(tmp_path):
    settings = {"POSTROOM_DATA_DIR": str(tmp_path), "POSTROOM_BROKER_URL": "redis://h:1/1"}
    celery = configure_celery(load_settings(settings))
    assert celery.conf.broker_transport == "postroom.tasks.redis_broker:Transport"


@pytest.mark.parametrize("then", ["acknowledge", "close"])
@pytest.mark.parametrize(
    ("transport", "survives"),
    [("kombu.transport.redis:Transport", False), ("postroom.tasks.redis_broker:Transport", True)],
)
def test_losing_redis_while_holding_an_unacknowledged_message(
    broker_redis_url, transport, survives, then
):
    """The states a worker was left in when Redis restarted under load (late acknowledgement):
    a task finishing and acknowledging its message, or the channel closing. kombu's own
    transport stops the worker with an AttributeError; Postroom's leaves the message to Redis,
    which keeps it among the unacknowledged for a worker to restore."""
    options = {"global_keyprefix": "postroom-test-broker:"}
    with Connection(broker_redis_url, transport=transport, transport_options=options) as conn:
        channel = conn.channel()
        queue = Queue("unacked", Exchange("unacked"), routing_key="unacked")(channel)
        queue.declare()
        Producer(channel).publish({"task": "x"}, exchange="unacked", routing_key="unacked")
        message = queue.get(no_ack=False)  # delivered, not acknowledged
        assert message is not None
        # As kombu leaves them once the connection has dropped: no pool, no settings.
        channel._pool = None
        conn.transport.client = None
        if then == "acknowledge":
            channel.connection = None
        act = message.ack if then == "acknowledge" else channel.close
        if survives:
            act()
        else:
            with pytest.raises(AttributeError):
                act()
        held = redis.Redis.from_url(broker_redis_url).hlen("postroom-test-broker:unacked")
        assert held == 1
        channel.qos._on_collect.cancel()  # no second give-back when the tests end
