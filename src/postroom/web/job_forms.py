"""The forms for sending to a list: the file to upload, and when to send it (now, or any whole
hour up to midnight a week ahead, in the service's time, as Notify offers)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize

from postroom.clock import utcnow
from postroom.domain.jobs import spreadsheet
from postroom.domain.vocabulary.dates import local_midnight_in_utc, to_local
from postroom.web.forms import required_choice

NOW = "now"
SCHEDULE_DAYS = 7


class UploadForm(FlaskForm):
    file = FileField(
        "Upload a file",
        validators=[
            FileRequired(spreadsheet.NO_FILE),
            FileAllowed(spreadsheet.EXTENSIONS, spreadsheet.WRONG_TYPE),
            FileSize(spreadsheet.MAX_FILE_BYTES, message=spreadsheet.TOO_BIG),
        ],
    )


def _time_words(local: datetime) -> str:
    meridiem = "am" if local.hour < 12 else "pm"
    if local.minute:  # a time the API was given: the web interface offers whole hours
        return f"{local.hour % 12 or 12}:{local:%M}{meridiem}"
    if local.hour == 0:
        return "midnight"
    if local.hour == 12:
        return "midday"
    return f"{local.hour % 12}{meridiem}"


def _day_words(local: datetime, today) -> str:
    # Midnight ends the day before it: "Today at midnight" is tonight.
    day = (local - timedelta(seconds=1)).date() if local.time() == time(0) else local.date()
    if day == today:
        return "Today"
    if day == today + timedelta(days=1):
        return "Tomorrow"
    return day.strftime("%A")


def scheduled_words(utc: datetime, now: datetime | None = None) -> str:
    """A scheduled time as people say it: "Today at 1pm", "Monday at midnight"."""
    local = to_local(utc)
    return f"{_day_words(local, to_local(now or utcnow()).date())} at {_time_words(local)}"


def schedule_choices(now: datetime | None = None) -> list[tuple[str, str]]:
    """("now", "Now") then each whole hour from the next one to the midnight that starts the
    seventh day ahead: (the hour in UTC, ISO 8601, its label in the service's time)."""
    now = now or utcnow()
    last = local_midnight_in_utc(to_local(now).date() + timedelta(days=SCHEDULE_DAYS))
    hour = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    choices = [(NOW, "Now")]
    while hour <= last:  # whole UTC hours are whole local hours where the offset is in hours
        choices.append((hour.isoformat(), scheduled_words(hour, now)))
        hour += timedelta(hours=1)
    return choices


def schedule_form(letters: bool) -> FlaskForm:
    """Letters are sent now: they cannot be scheduled."""

    class ScheduleForm(FlaskForm):
        scheduled_for = required_choice(
            "When should Postroom send these messages?",
            dict([(NOW, "Now")] if letters else schedule_choices()),
            "Choose a time that is still to come",
            default=NOW,
        )

    return ScheduleForm()


def scheduled_time(value: str) -> datetime | None:
    """The time a validated choice stands for, None for now."""
    return None if value == NOW else datetime.fromisoformat(value)
