import pytest

from postroom.domain.vocabulary import statuses


def test_every_status_is_in_exactly_one_group_or_is_cancelled():
    for status in statuses.STATUSES:
        groups = [
            group
            for group in (
                statuses.SENDING_STATUSES,
                statuses.DELIVERED_STATUSES,
                statuses.FAILED_STATUSES,
            )
            if status in group
        ]
        assert len(groups) == (0 if status == statuses.CANCELLED else 1), status


@pytest.mark.parametrize(
    ("status", "group"),
    [
        ("created", "sending"),
        ("pending", "sending"),
        ("sent", "delivered"),
        ("delivered", "delivered"),
        ("temporary-failure", "failed"),
        ("technical-failure", "failed"),
        ("cancelled", "cancelled"),
    ],
)
def test_group_of(status, group):
    assert statuses.group_of(status) == group


def test_technical_failure_is_final_and_not_billable():
    assert statuses.TECHNICAL_FAILURE in statuses.FINAL_STATUSES
    assert statuses.TECHNICAL_FAILURE not in statuses.BILLABLE_STATUSES


def test_sending_is_not_final():
    assert statuses.SENDING not in statuses.FINAL_STATUSES


def test_each_group_name_stands_for_its_statuses():
    assert statuses.GROUPS == ("sending", "delivered", "failed")
    for group in statuses.GROUPS:
        assert {statuses.group_of(s) for s in statuses.STATUS_GROUP_ALIASES[group]} == {group}


@pytest.mark.parametrize(
    ("notification_type", "stored", "shown"),
    [
        ("letter", "created", "accepted"),
        ("letter", "sending", "accepted"),
        ("letter", "delivered", "received"),
        ("letter", "returned-letter", "received"),
        ("letter", "technical-failure", "technical-failure"),
        ("sms", "created", "created"),
        ("email", "delivered", "delivered"),
    ],
)
def test_the_public_api_shows_letter_statuses_as_notify(notification_type, stored, shown):
    assert statuses.public_status(notification_type, stored) == shown


@pytest.mark.parametrize(
    ("names", "stored"),
    [
        (["sending"], ["sending"]),
        (["delivered"], ["delivered"]),
        (["accepted"], ["accepted", "created", "sending"]),
        (["received"], ["delivered", "received"]),
        (["failed", "created"], sorted([*statuses.FAILED_STATUSES, "created"])),
    ],
)
def test_public_filter_names_stand_for_what_notifys_do(names, stored):
    assert statuses.statuses_for_public_filter(names) == stored


def test_every_stored_status_can_be_filtered_by_its_own_name():
    assert set(statuses.STATUSES) <= set(statuses.PUBLIC_STATUSES)
