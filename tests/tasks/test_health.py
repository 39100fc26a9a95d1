from sqlalchemy import select

from postroom.models import Event
from postroom.tasks.health import record_heartbeat


def test_heartbeat_records_an_event(session):
    record_heartbeat("unit-test")
    events = session.scalars(select(Event).where(Event.event_type == "worker-heartbeat")).all()
    assert [e.data for e in events] == [{"source": "unit-test"}]
