"""A browser journey through sending to a list: a file with a problem, fixed and uploaded
again, scheduled, cancelled, uploaded once more and sent now, the job page followed until every
message is delivered."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from postroom.clock import utcnow
from postroom.domain.delivery import outbox
from postroom.models import Job, Upload
from postroom.tasks.celery_app import celery
from postroom.tasks.delivery import deliver_batch
from postroom.tasks.jobs import process_job
from postroom.tasks.uploads import check_upload
from tests.factories import create_template
from tests.fixtures.job_files import roomy_service
from tests.spreadsheets import make_file
from tests.web.test_browser import screenshot, sign_in

PEOPLE = [
    ["email address", "name"],
    ["ada@example.gov.uk", "Ada"],
    ["grace@example.gov.uk", "Grace"],
    ["alan@example.gov.uk", "Alan"],
]


@pytest.fixture
def service(session, member):
    return roomy_service(session, member, name="Library notices", restricted=False)


@pytest.fixture
def queued_not_run():
    """Tasks wait in the broker, so the test decides when the job's rows are made and sent."""
    celery.conf.task_always_eager = False
    yield
    celery.conf.task_always_eager = True


def _upload(page, rows, file_name="overdue.csv") -> None:
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": file_name, "mimeType": "text/csv", "buffer": make_file("csv", rows)}]
    )
    page.get_by_role("button", name="Upload your file").click()


def _choose_template(page) -> None:
    page.get_by_role("link", name="Templates", exact=True).click()
    page.get_by_role("link", name="Overdue books").click()
    page.get_by_role("button", name="Upload a list of recipients").click()


def test_fix_a_file_schedule_it_cancel_then_send_and_watch_the_job_finish(
    page, member, service, session, queued_not_run
):
    create_template(
        session,
        service,
        template_type="email",
        name="Overdue books",
        subject="Your books, ((name))",
        content="Hello ((name)), your books are overdue.",
    )
    sign_in(page, member)
    page.get_by_role("link", name="Library notices").click()
    _choose_template(page)
    screenshot(page, "upload")

    _upload(page, [["email address"], ["ada@example.gov.uk"]])  # no `name` column
    problem = page.locator("#file-problem")
    expect(problem).to_contain_text("Your file is missing a column called ‘name’.")
    screenshot(page, "check-missing-column")

    page.get_by_role("link", name="Upload your file again").click()
    _upload(page, PEOPLE)
    expect(page.get_by_role("heading", name="Preview of Overdue books")).to_be_visible()
    expect(page.locator("#message-preview")).to_contain_text("Your books, Ada")
    page.get_by_role("link", name="Preview row 3").click()
    expect(page.locator("#message-preview")).to_contain_text("Your books, Grace")
    screenshot(page, "check-ok")

    page.get_by_label("Tomorrow at midday", exact=True).check()
    page.get_by_role("button", name="Send 3 emails").click()
    expect(page.locator("#job-status")).to_contain_text("Sending Overdue books tomorrow at midday")
    expect(page.locator("#file-rows")).to_contain_text("grace@example.gov.uk")
    screenshot(page, "job-scheduled")
    page.get_by_role("button", name="Cancel sending").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Sending ‘overdue.csv’ was cancelled")

    _choose_template(page)
    _upload(page, PEOPLE)
    page.get_by_label("Now", exact=True).check()
    page.get_by_role("button", name="Send 3 emails").click()
    expect(page.locator("#just-sent")).to_contain_text("Your messages are being sent")
    expect(page.locator("#report-progress")).to_contain_text("Report is 0% complete")
    screenshot(page, "job-started")

    job = session.query(Job).filter(Job.job_status == "pending").one()
    process_job(str(job.id))  # what a worker does with the job's task
    session.commit()
    for batch in outbox.claim_batches(session, utcnow()):  # what the dispatcher does
        session.commit()
        deliver_batch(str(batch.claim))  # the simulated provider reports delivery at once
    session.commit()
    counts = page.locator("#job-counts")
    expect(counts).to_contain_text("3 delivered", timeout=10_000)  # the page follows by itself
    expect(page.locator("#download-report")).to_be_visible()
    expect(page.locator("#notifications")).to_contain_text("alan@example.gov.uk")
    screenshot(page, "job-finished")


def test_a_large_file_is_checked_while_the_page_waits_then_shows_itself(
    page, member, service, session, queued_not_run
):
    create_template(
        session, service, template_type="email", name="Overdue books", content="Hi ((name))"
    )
    rows = [["email address", "name"]] + [[f"p{n}@example.gov.uk", "A"] for n in range(6_000)]
    sign_in(page, member)
    page.get_by_role("link", name="Library notices").click()
    _choose_template(page)
    _upload(page, rows, "everyone.csv")
    expect(page.locator("#check-progress")).to_have_text("Checking your file… 0 of 6,000 rows")
    screenshot(page, "check-checking")

    check_upload(str(session.query(Upload).one().id))  # what a worker does with the task
    # The page asks how far the check has got, and shows itself once it is done.
    expect(page.get_by_role("button", name="Send 6,000 emails")).to_be_visible(timeout=10_000)
