from postroom.text.templates import render_email, render_sms


def test_sms_gets_the_service_name_prefix_and_is_sanitised():
    message = render_sms("Hi ((name)) – it’s ready", {"name": "Ada"}, prefix="Council")
    assert message.content == "Council: Hi Ada - it's ready"
    assert message.fragment_count == 1 and not message.missing


def test_sms_reports_missing_personalisation():
    assert render_sms("Hi ((name)), ((ref))", {"name": "Ada"}).missing == ["ref"]


def test_sms_list_values_read_as_a_sentence():
    assert render_sms("Bring ((items))", {"items": ["a", "b", "c"]}).content == "Bring a, b and c"


def test_sms_characters_are_counted_as_written_without_the_prefix():
    message = render_sms("[…] ((name))  ", {"name": "Ada"}, prefix="Council")
    assert message.character_count == len("[…] Ada")  # not GSM septets, not the sanitised "..."
    assert message.content == "Council: [...] Ada"
    assert message.fragment_count == 1


def test_email_personalisation_is_escaped_in_html():
    message = render_email("Hello ((name))", "Dear ((name))", {"name": "<b>Ada</b>"})
    assert "&lt;b&gt;Ada&lt;/b&gt;" in message.html_body
    assert "<b>Ada</b>" in message.plain_body
    assert message.subject == "Hello <b>Ada</b>"


def test_email_list_values_become_bullets():
    message = render_email(
        "S", "You need:\n\n((items))\n\nThanks", {"items": ["passport", "photo"]}
    )
    assert message.html_body.count("<li ") == 2
    assert "• passport\n• photo" in message.plain_body


def test_email_subject_placeholders_count_as_missing():
    assert render_email("Ref ((ref))", "Body", {}).missing == ["ref"]
