import pytest

from postroom.text import gsm


def test_basic_characters_are_one_septet_each():
    assert gsm.encode("@A£a\n") == bytes([0x00, 0x41, 0x01, 0x61, 0x0A])


def test_extension_characters_are_escaped():
    assert gsm.encode("€[") == bytes([0x1B, 0x65, 0x1B, 0x3C])


def test_decoding_reverses_encoding():
    text = "Hello £5 {ok} ÄÖÑÜ§¿ äöñüà ΔΦΓΛΩΠΨΣΘΞ ~|^\\€"
    assert gsm.decode(gsm.encode(text)) == text


def test_characters_outside_the_alphabet_are_refused():
    with pytest.raises(ValueError, match="not in the GSM alphabet"):
        gsm.encode("ŵ")


def test_an_unknown_extension_septet_reads_as_a_space():
    assert gsm.decode(bytes([0x41, 0x1B, 0x01, 0x42])) == "A B"
