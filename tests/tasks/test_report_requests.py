"""The report task: builds a requested report once, into the data directory, on its own queue;
a report that cannot be written is marked failed."""

from __future__ import annotations

from pathlib import Path

from postroom.clock import frozen
from postroom.domain.activity import report_requests
from postroom.models import ReportRequest
from postroom.tasks.celery_app import configure_celery
from postroom.tasks.report_requests import build_notifications_report, reports_directory
from tests.domain.activity.test_search import NOW, sent
from tests.factories import create_template


def _report(session, service, user, message_type="sms", status=None):
    report, new = report_requests.request_report(session, service.id, user.id, message_type, status)
    session.commit()
    assert new
    return report


def _fresh(session, report) -> ReportRequest:
    session.expire_all()
    return session.get(ReportRequest, report.id)


def test_the_task_runs_on_the_reports_queue(backend):
    celery = configure_celery(backend["settings"])
    assert "postroom.tasks.report_requests" in celery.conf.include
    route = celery.amqp.router.route({}, build_notifications_report.name)
    assert route["queue"].name == "reports"


def test_a_report_is_built_once_into_the_data_directory(session, service, user):
    template = create_template(session, service, name="Reminder")
    sent(session, template, to="07700 900123", status="delivered")
    sent(session, template, to="07700 900456", status="temporary-failure")
    report = _report(session, service, user, status="failed")
    with frozen(NOW):
        path = build_notifications_report(str(report.id))
    built = _fresh(session, report)
    assert built.status == "stored" and built.file_path == path
    assert Path(path).parent == reports_directory()
    lines = Path(path).read_text().splitlines()
    assert len(lines) == 2 and lines[1].startswith("07700 900456,")
    assert report_requests.stored_file(built) == Path(path)
    with frozen(NOW):
        assert build_notifications_report(str(report.id)) is None  # already built


def test_asking_again_while_it_is_built_gives_the_same_report(session, service, user):
    first = _report(session, service, user, status="sending,delivered,failed")
    again, new = report_requests.request_report(session, service.id, user.id, "sms", None)
    assert (again.id, new) == (first.id, False)
    other, new = report_requests.request_report(session, service.id, user.id, "email", None)
    assert new and other.id != first.id


def test_a_report_that_cannot_be_written_is_marked_failed(session, service, user):
    report = _report(session, service, user)
    directory = reports_directory()
    moved = directory.with_name("reports-aside")
    if directory.exists():
        directory.rename(moved)
    directory.write_text("not a directory")
    try:
        assert build_notifications_report(str(report.id)) is None
    finally:
        directory.unlink()
        if moved.exists():
            moved.rename(directory)
    failed = _fresh(session, report)
    assert (failed.status, failed.file_path) == ("failed", None)
    assert report_requests.stored_file(failed) is None
