import pytest

from postroom.domain.vocabulary.notification_types import NOTIFICATION_TYPES, type_name


@pytest.mark.parametrize(
    ("notification_type", "one", "many"),
    [
        ("email", "email", "emails"),
        ("sms", "text message", "text messages"),
        ("letter", "letter", "letters"),
    ],
)
def test_each_type_is_named_in_a_sentence(notification_type, one, many):
    assert (type_name(notification_type), type_name(notification_type, 3)) == (one, many)
    assert type_name(notification_type, 0) == many


def test_every_type_has_a_name():
    assert all(type_name(t) for t in NOTIFICATION_TYPES)
