"""When a file can be sent: now, or each whole hour up to midnight a week ahead, in UK time."""

from __future__ import annotations

from datetime import datetime

from postroom.web.job_forms import NOW, schedule_choices, scheduled_words


def test_each_whole_hour_from_the_next_to_midnight_a_week_ahead():
    # Friday 4 December 2026, 13:20 in London (GMT): the last choice is the midnight that starts
    # the seventh day ahead, Friday 11 December (as Notify's).
    choices = schedule_choices(datetime(2026, 12, 4, 13, 20))
    assert choices[0] == (NOW, "Now")
    assert choices[1] == ("2026-12-04T14:00:00", "Today at 2pm")
    assert ("2026-12-04T23:00:00", "Today at 11pm") in choices
    assert ("2026-12-05T00:00:00", "Today at midnight") in choices  # tonight
    assert ("2026-12-05T12:00:00", "Tomorrow at midday") in choices
    assert ("2026-12-06T09:00:00", "Sunday at 9am") in choices
    assert choices[-1] == ("2026-12-11T00:00:00", "Thursday at midnight")
    assert len(choices) == 1 + 10 + 6 * 24 + 1  # now, 2pm to 11pm, 6 days of hours, midnight


def test_in_summer_the_hours_are_british_summer_time():
    # 1 July 2026, 08:05 UTC is 09:05 in London.
    choices = schedule_choices(datetime(2026, 7, 1, 8, 5))
    assert choices[1] == ("2026-07-01T09:00:00", "Today at 10am")
    assert choices[-1] == ("2026-07-07T23:00:00", "Tuesday at midnight")


def test_a_time_given_through_the_api_is_said_to_the_minute():
    now = datetime(2026, 12, 4, 13, 20)
    assert scheduled_words(datetime(2026, 12, 5, 9, 30), now) == "Tomorrow at 9:30am"
    assert scheduled_words(datetime(2026, 12, 5, 0, 15), now) == "Tomorrow at 12:15am"
