import pytest

from postroom.text.placeholders import (
    fill,
    format_list_inline,
    missing_placeholders,
    placeholders_in,
)


@pytest.mark.parametrize(
    "key", ["first_name", "First Name", "FIRST-NAME", "firstname", " first name "]
)
def test_names_match_ignoring_case_spaces_underscores_and_hyphens(key):
    assert fill("Dear ((First name))", {key: "Ada"}, format_value=str) == "Dear Ada"


def test_missing_values_stay_visible_in_a_preview():
    assert fill("Dear ((name)), ((ref))", {"name": "Ada"}, format_value=str) == "Dear Ada, ((ref))"


def test_missing_values_can_be_removed():
    assert fill("Ref: ((ref))", {}, format_value=str, keep_missing=False) == "Ref: "


def test_placeholders_listed_once_in_order_of_appearance():
    assert placeholders_in("((b)) ((A)) ((a))", "((c)) ((B))") == ["b", "A", "c"]


def test_missing_placeholders_include_none_values():
    assert missing_placeholders(["((name)) ((date))"], {"name": None, "DATE": "today"}) == ["name"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("yes", True), ("Yes", True), ("true", True), ("1", True), ("no", False), ("", False)],
)
def test_conditional_text_shows_for_truthy_values(value, shown):
    text = fill("Hello((has_ref?? your reference is ready))", {"has ref": value}, format_value=str)
    assert text == ("Hello your reference is ready" if shown else "Hello")


def test_conditional_name_is_reported_as_a_placeholder():
    assert placeholders_in("((urgent??Reply today))") == ["urgent"]


@pytest.mark.parametrize(
    ("items", "text"),
    [
        ([], ""),
        (["a"], "a"),
        (["a", "b"], "a and b"),
        (["a", "b", "c"], "a, b and c"),
        (["a", None, "c"], "a and c"),
    ],
)
def test_lists_read_as_a_sentence_inline(items, text):
    assert format_list_inline(items) == text
