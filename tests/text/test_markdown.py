import pytest

from postroom.text import markdown
from postroom.text.markdown import to_html, to_plain_text


def test_headings_become_h2_and_h3():
    html = to_html("# Your licence\n\n## What next")
    assert html.startswith("<h2 ") and ">Your licence</h2>" in html
    assert ">What next</h3>" in html


def test_bullets_and_numbers_become_lists():
    html = to_html("* one\n* two\n\n1. first\n2. second")
    assert html.count("<li ") == 4 and "<ul " in html and "<ol " in html


def test_caret_makes_inset_text():
    html = to_html("^ You must bring your passport")
    assert "<blockquote" in html and "You must bring your passport" in html


def test_three_dashes_make_a_rule():
    assert "<hr " in to_html("above\n\n---\n\nbelow")


def test_bare_urls_and_markdown_links_become_links():
    html = to_html("Go to https://example.gov.uk/a?b=1&c=2 or [the form](https://form.gov.uk)")
    assert 'href="https://example.gov.uk/a?b=1&amp;c=2"' in html
    assert 'href="https://form.gov.uk">the form</a>' in html


def test_unsafe_link_schemes_are_not_links():
    html = to_html("[click](javascript:alert(1))")
    assert "href" not in html and "click" in html


def test_html_is_shown_not_interpreted():
    html = to_html("<script>alert('x')</script> <b>bold</b>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_emphasis_and_images_are_shown_as_typed():
    html = to_html("**not bold** ![alt](https://x.gov.uk/i.png)")
    assert "<strong>" not in html and "<img" not in html and "**not bold**" in html


def test_line_breaks_are_kept():
    assert "one<br>two" in to_html("one\ntwo")


def test_plain_text_part():
    text = to_plain_text("# Title\n\nSee [the page](https://x.gov.uk)\n\n* a\n* b\n\n---\n\nEnd")
    assert text == (
        "Title\n-----\n\nSee the page: https://x.gov.uk\n\n• a\n• b\n\n" + "=" * 60 + "\n\nEnd"
    )


def test_sanitised_values_lose_links_and_formatting():
    value = markdown.sanitise_value("[Pay](https://evil.example/pay) www.evil.example\n# Big")
    html = markdown.to_html(f"Hello {value}")
    assert "https://evil.example" not in html  # the address is taken out
    assert "<a" not in html and "<h2" not in html  # a bare domain stays text
    assert "[Pay]() www.evil.example" in html and "# Big" in html
    assert "\\" not in markdown.to_plain_text(f"Hello {value}")


@pytest.mark.parametrize(
    ("typed", "sanitised"),
    [
        # Notify's own example: the link's address removed, its brackets escaped.
        (
            "Amala, now [click this evil link](https://evil.link)",
            "Amala, now \\[click this evil link\\]\\(\\)",
        ),
        ('O\'Brien, Jr: 3 & 4; 50% ? "yes" = ok', 'O\'Brien, Jr: 3 & 4; 50% ? "yes" = ok'),
        ("www.evil.example", "www\\.evil\\.example"),
        (
            "*bold* _it_ `code` {x} <b> #1 +2 -3 !4 |5 \\6",
            ("\\*bold\\* \\_it\\_ \\`code\\` \\{x\\} \\<b\\> \\#1 \\+2 \\-3 \\!4 \\|5 \\\\6"),
        ),
        ("see https://a.example/x, then", "see , then"),
    ],
)
def test_sanitising_escapes_only_what_markdown_reads(typed, sanitised):
    assert markdown.sanitise_value(typed) == sanitised


def test_escaped_characters_in_a_template_are_not_escaped_twice():
    assert markdown.to_plain_text("1\\. not a list") == "1. not a list"


def test_underscores_in_links_are_kept():
    source = "Accept: https://postroom.example/invitation/abc_def_ghi and a_b"
    assert "https://postroom.example/invitation/abc_def_ghi" in to_plain_text(source)
    assert 'href="https://postroom.example/invitation/abc_def_ghi"' in to_html(source)
    assert "a_b" in to_plain_text(source)
