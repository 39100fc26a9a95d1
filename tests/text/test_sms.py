import pytest

from postroom.text import sms


def test_plain_gsm_message_of_160_characters_is_one_fragment():
    assert sms.fragment_count("a" * 160) == 1
    assert sms.fragment_count("a" * 161) == 2


def test_long_gsm_messages_count_153_characters_a_fragment():
    assert sms.fragment_count("a" * 306) == 2
    assert sms.fragment_count("a" * 307) == 3


def test_extension_characters_count_twice():
    assert sms.encoded_length("^{}") == 6
    assert sms.fragment_count("€" * 80) == 1
    assert sms.fragment_count("€" * 81) == 2


def test_unicode_messages_count_70_then_67():
    assert sms.is_unicode("ŵ")
    assert sms.fragment_count("ŵ" * 70) == 1
    assert sms.fragment_count("ŵ" * 71) == 2
    assert sms.fragment_count("ŵ" * 134) == 2
    assert sms.fragment_count("ŵ" * 135) == 3


@pytest.mark.parametrize(
    ("raw", "sent"),
    [
        ("It’s “quoted”", 'It\'s "quoted"'),
        ("a – b — c", "a - b - c"),
        ("Wait…", "Wait..."),
        ("non\u00a0breaking", "non breaking"),
        ("zero\u200bwidth", "zerowidth"),
        ("Łukasz, dziękuję", "Lukasz, dziekuje"),
        ("tab\there", "tab here"),
    ],
)
def test_characters_with_a_gsm_equivalent_are_replaced(raw, sent):
    assert sms.sanitise(raw) == sent
    assert not sms.is_unicode(sms.sanitise(raw))


def test_welsh_letters_are_kept_and_make_the_message_unicode():
    sent = sms.sanitise("Diolch yn fawr, ŵyr")
    assert sent == "Diolch yn fawr, ŵyr"
    assert sms.is_unicode(sent)


def test_gsm_accented_letters_stay_gsm():
    assert sms.sanitise("café déjà") == "café déjà"
    assert not sms.is_unicode("café")


def test_emoji_are_kept_as_unicode():
    assert sms.is_unicode(sms.sanitise("Thanks 👍"))


def test_a_short_message_is_one_part():
    assert sms.fragments("Hello") == ["Hello"]


def test_long_gsm_messages_are_cut_every_153_septets():
    parts = sms.fragments("a" * 400)
    assert [len(p) for p in parts] == [153, 153, 94]
    assert "".join(parts) == "a" * 400


def test_an_extension_character_is_never_cut_in_two():
    content = "a" * 152 + "€" + "b" * 10
    parts = sms.fragments(content)
    assert parts[0] == "a" * 152  # the euro (two septets) would have needed 154
    assert parts[1].startswith("€")
    assert "".join(parts) == content


def test_unicode_messages_are_cut_every_67_characters():
    content = "ŵ" * 140
    assert [len(p) for p in sms.fragments(content)] == [67, 67, 6]
