"""Sending to a list from the web interface: uploading a file for a template (and its example),
the check page (the file's problems, or a preview of any row and when to send it), and a large
file read and checked by a worker while the page follows its progress."""

from __future__ import annotations

import io
import re

import pytest

from postroom.domain.jobs import spreadsheet, upload_checks
from postroom.domain.jobs.uploads import CHECKED, READING
from postroom.models import Upload
from postroom.tasks.celery_app import celery
from postroom.tasks.uploads import check_upload
from tests.factories import create_template
from tests.fixtures.job_files import roomy_service
from tests.fixtures.letter_pdfs import page_count, png_size, text_of
from tests.spreadsheets import make_file


@pytest.fixture
def service(session, member):
    """Live, so that anyone may be sent to, with room for big files."""
    return roomy_service(session, member, name="Council tax", restricted=False)


@pytest.fixture
def template(session, service):
    return create_template(
        session,
        service,
        template_type="email",
        name="Renewal",
        subject="Your renewal, ((name))",
        content="Hello ((name)), your reference is ((ref)).",
    )


@pytest.fixture
def team(template, web, member):
    """Signed in once the service is made (making a service for a user signs them out)."""
    web.sign_in(member)
    return web


def _base(template) -> str:
    return f"/services/{template.service_id}/send/{template.id}"


def _rows(count: int) -> list[list[str]]:
    return [["Email address", "name", "ref"]] + [
        [f"person-{n}@example.gov.uk", f"Person {n}", f"R{n}"] for n in range(count)
    ]


def _upload(web, template, content: bytes, file_name: str = "people.csv"):
    """Posted as a browser posts a file."""
    token = web.csrf_token(f"{_base(template)}/csv")
    return web.client.post(
        f"{_base(template)}/csv",
        data={"csrf_token": token, "file": (io.BytesIO(content), file_name)},
        content_type="multipart/form-data",
    )


def _checked(web, template, content: bytes, file_name: str = "people.csv") -> tuple[str, str]:
    response = _upload(web, template, content, file_name)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location, web.page(response.location)


def test_the_upload_page_shows_the_template_and_offers_an_example(team, template):
    page = team.page(f"{_base(template)}/csv")
    assert "Upload a list of recipients" in page
    assert "Hello ((name)), your reference is ((ref))." in page
    assert f'href="{_base(template)}.csv"' in page
    example = team.get(f"{_base(template)}.csv")
    assert example.mimetype == "text/csv"
    assert 'attachment; filename="Renewal.csv"' in example.headers["Content-Disposition"]
    assert example.get_data(as_text=True).splitlines()[0] == "email address,name,ref"


def test_the_template_and_send_pages_lead_to_the_upload(team, template):
    upload_link = f'href="{_base(template)}/csv"'
    templates_page = team.page(f"/services/{template.service_id}/templates/{template.id}")
    assert upload_link in templates_page and "Upload a list of recipients" in templates_page
    assert upload_link in team.page(_base(template))


@pytest.mark.parametrize(
    ("file_name", "content", "message"),
    [
        ("people.txt", b"email address\na@b.gov.uk", spreadsheet.WRONG_TYPE),
        ("people.xlsx", b"not a workbook at all", spreadsheet.UNREADABLE),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_on_the_upload_page(
    team, template, session, file_name, content, message
):
    response = _upload(team, template, content, file_name)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page and 'href="#file"' in page
    assert session.query(Upload).count() == 0


def test_a_file_over_10mb_is_refused(team, template, session):
    content = b"email address\n" + b"a@example.gov.uk\n" * (spreadsheet.MAX_FILE_BYTES // 17 + 1)
    assert len(content) > spreadsheet.MAX_FILE_BYTES
    page = _upload(team, template, content).get_data(as_text=True)
    assert spreadsheet.TOO_BIG in page and 'href="#file"' in page
    assert session.query(Upload).count() == 0


def test_no_file_chosen_is_refused(team, template):
    token = team.csrf_token(f"{_base(template)}/csv")
    page = team.client.post(f"{_base(template)}/csv", data={"csrf_token": token}).get_data(
        as_text=True
    )
    assert spreadsheet.NO_FILE in page and "<title>Error: " in page


def test_a_file_without_its_recipient_column_says_which_it_needs(team, template):
    _, page = _checked(team, template, b"name,ref\nAda,R1\n")
    assert "There’s a problem with your column names" in page
    assert "Your file needs a column called ‘email address’." in page
    assert "Right now it has columns called ‘name’ and ‘ref’." in page
    assert "Upload your file again" in page and 'id="send"' not in page


def test_a_file_missing_a_placeholders_column_says_so(team, template):
    _, page = _checked(team, template, b"email address,name\na@example.gov.uk,Ada\n")
    assert "Your column names need to match the double brackets in your template" in page
    assert "Your file is missing a column called ‘ref’." in page


def test_rows_with_problems_are_shown_numbered_as_the_spreadsheet_numbers_them(team, template):
    rows = _rows(4)
    rows[2][0] = "not an email"  # spreadsheet row 3
    rows[4][1] = ""  # spreadsheet row 5: missing data
    _, page = _checked(team, template, make_file("csv", rows))
    assert "There are some problems with people.csv" in page
    assert "fix 1 email address" in page and "enter missing data in 1 row" in page
    shown = re.findall(r'data-row="(\d+)"', page)
    assert shown == ["3", "5"]
    assert re.search(r"postroom-cell--error.*?Not a valid email address", page, re.S)
    assert 'id="send"' not in page


def test_a_good_file_previews_any_row_and_offers_when_to_send(team, template):
    location, page = _checked(team, template, make_file("csv", _rows(60)))
    assert "Preview of Renewal" in page
    assert "Your renewal, Person 0" in page and "person-0@example.gov.uk" in page
    assert page.count('data-row="') == 50
    assert "Only showing the first 50 rows" in page
    assert re.search(r'<button[^>]*id="send"[^>]*>\s*Send 60 emails', page)
    labels = re.findall(
        r'<label class="govuk-label govuk-radios__label" for="[^"]+">\s*(.*?)\s*<', page
    )
    assert labels[0] == "Now" and "Tomorrow at midday" in labels
    assert labels[-1].endswith("at midnight") and len(labels) > 24 * 6

    row_3 = team.page(f"{location}/row-3")
    assert "Your renewal, Person 1" in row_3 and "Row 3 of your file" in row_3
    assert team.get(f"{location}/row-62").status_code == 404
    assert team.get(f"{location}/row-1").status_code == 404


@pytest.mark.parametrize("extension", ["xlsx", "xlsm", "xls", "ods", "tsv"])
def test_every_kind_of_spreadsheet_reaches_the_check_page(team, template, extension):
    _, page = _checked(
        team, template, make_file(extension, _rows(3)), file_name=f"people.{extension}"
    )
    assert "Preview of Renewal" in page and "Send 3 emails" in page


def test_letters_are_sent_now_only(team, session, service):
    letter = create_template(
        session, service, template_type="letter", name="Bill", content="Dear ((name))"
    )
    rows = [
        ["address line 1", "address line 2", "postcode", "name"],
        ["A Person", "1 High Street", "SW1A 1AA", "Ada"],
    ]
    _, page = _checked(team, letter, make_file("csv", rows))
    assert "Send 1 letter" in page and "govuk-radios" not in page
    assert 'name="scheduled_for" value="now"' in page


def test_a_letter_row_is_previewed_as_its_pages_and_a_too_long_one_cannot_be_sent(
    team, session, service
):
    letter = create_template(
        session, service, template_type="letter", subject="Your bill", content="((note))"
    )
    rows = [
        ["address line 1", "address line 2", "postcode", "note"],
        ["A Person", "1 High Street", "SW1A 1AA", "Short and sweet."],
        ["B Person", "2 High Street", "SW1A 2AA", "Too much to say. " * 2500],
    ]
    location, page = _checked(team, letter, make_file("csv", rows))
    row_2 = f"{location}/row-2"
    assert _letter_images(page) == [f"{row_2}/page-1.png"] and f'href="{row_2}.pdf"' in page
    assert "Send 2 letters" in page and "letter-too-long" not in page
    png = team.get(f"{row_2}/page-1.png")
    assert png.mimetype == "image/png" and png_size(png.data) == (1241, 1754)
    pdf = team.get(f"{row_2}.pdf").data
    assert "Short and sweet." in text_of(pdf) and "A PERSON" in text_of(pdf)
    assert team.get(f"{row_2}/page-2.png").status_code == 404

    long_page = team.page(f"{location}/row-3")
    pages = len(_letter_images(long_page))
    assert pages > 10 and page_count(team.get(f"{location}/row-3.pdf").data) == pages
    assert 'id="letter-too-long"' in long_page and 'id="send"' not in long_page
    assert (
        "Letters must be 10 pages or less (5 double-sided sheets of paper). "
        f"Your letter is {pages} pages long." in long_page
    )
    # Past the file's rows, and for a file that is not a letter's, there is nothing to see.
    assert team.get(f"{location}/row-4/page-1.png").status_code == 404
    assert team.get(f"{location}/row-1.pdf").status_code == 404


def _letter_images(page: str) -> list[str]:
    return re.findall(r'<img class="postroom-letter__page" src="([^"]+)"', page)


@pytest.fixture
def queued_not_run():
    """Tasks wait in the broker, so the test decides when the worker checks the file."""
    celery.conf.task_always_eager = False
    yield
    celery.conf.task_always_eager = True


def test_a_large_file_is_read_and_checked_by_a_worker_while_the_page_follows(
    team, template, session, queued_not_run
):
    content = make_file("csv", _rows(12_000))
    assert len(content) > upload_checks.READ_IN_REQUEST_BYTES["csv"]
    location, page = _checked(team, template, content)
    [upload] = session.query(Upload).all()
    assert upload.check_status == READING
    assert "Reading your file…" in page and "live-sections.js" in page
    progress = team.get(f"{location}.json").get_json()
    assert progress == {"progress": progress["progress"]}
    assert "Reading your file…" in progress["progress"]

    check_upload(str(upload.id))  # what the worker does
    session.expire_all()
    upload = session.get(Upload, upload.id)
    assert (upload.check_status, upload.row_count, upload.rows_checked) == (CHECKED, 12_000, 12_000)
    assert team.get(f"{location}.json").get_json() == {"reload": True}
    assert re.search(r"Send 12,000 emails", team.page(location))


def test_many_rows_in_a_small_file_are_checked_by_a_worker(team, template, session, queued_not_run):
    rows = [["email address", "name", "ref"]] + [[f"{n}@x.gov.uk", "A", "1"] for n in range(6_000)]
    content = make_file("csv", rows)
    assert len(content) < upload_checks.READ_IN_REQUEST_BYTES["csv"]
    location, page = _checked(team, template, content)
    assert "Checking your file… 0 of 6,000 rows" in page
    check_upload(str(session.query(Upload).one().id))
    assert "Send 6,000 emails" in team.page(location)


def test_a_large_file_the_worker_cannot_read_says_why(team, template, session, queued_not_run):
    content = b"PK\x03\x04" + b"\x00" * upload_checks.READ_IN_REQUEST_BYTES["xlsx"]
    location, _ = _checked(team, template, content, file_name="big.xlsx")
    check_upload(str(session.query(Upload).one().id))
    page = team.page(location)
    assert "There’s a problem with big.xlsx" in page and spreadsheet.UNREADABLE in page


def test_uploading_and_checking_need_send_messages(web, member, template, session):
    web.sign_in_without(member, "send_emails")  # so not all of send_messages
    for path in (f"{_base(template)}/csv", f"{_base(template)}.csv"):
        assert web.get(path).status_code == 403, path


def test_another_services_template_cannot_be_uploaded_for(team, session, member, template):
    theirs = create_template(session, roomy_service(session, member, name="Theirs"))
    session.commit()
    team.sign_in(member)
    assert team.get(f"/services/{template.service_id}/send/{theirs.id}/csv").status_code == 404
    assert team.get(f"/services/{template.service_id}/send/{theirs.id}.csv").status_code == 404


def test_a_check_page_under_another_template_is_not_found(team, session, service, template):
    location, _ = _checked(team, template, make_file("csv", _rows(1)))
    other = create_template(session, service, template_type="email", name="Other")
    upload_id = location.rsplit("/", 1)[1]
    path = f"/services/{service.id}/{other.id}/check/{upload_id}"
    assert team.get(path).status_code == 404


def test_a_workbook_too_big_to_read_in_the_request_is_read_by_the_worker(
    team, template, session, queued_not_run
):
    content = make_file("xlsx", _rows(4_000))
    assert len(content) > upload_checks.READ_IN_REQUEST_BYTES["xlsx"]
    location, page = _checked(team, template, content, file_name="people.xlsx")
    assert "Reading your file…" in page
    check_upload(str(session.query(Upload).one().id))
    assert "Send 4,000 emails" in team.page(location)


def test_a_file_over_10mb_from_someone_signed_out_is_sent_to_sign_in(web, template):
    content = b"x" * (spreadsheet.MAX_FILE_BYTES + 1)
    response = web.client.post(
        f"{_base(template)}/csv",
        data={"file": (io.BytesIO(content), "people.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302 and "/sign-in" in response.location
