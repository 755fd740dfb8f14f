"""How big and how deep a text may be (plugins/content_model/limits.py), measured as Markdown will read it."""

from __future__ import annotations

from content_model.limits import nesting_problem, size_problem
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hostile import count_tried

DEPTH, BLOCK = 16, 30_000


def refused(text: str):
    return nesting_problem(text, DEPTH, BLOCK)


def test_what_people_write_is_read():
    text = (
        "Intro with a [link](https://www.gov.uk/) (and an aside (nested once)).\n\n"
        "- one\n    - two\n        - three\n\n> A quote\n> > within a quote\n\n"
        "<div><p>Some <b>raw</b> HTML<br></p></div>\n\nMail <team@example.org> or see <https://a.example/>.\n\n"
        "| a | b |\n| - | - |\n| 1 | 2 |\n"
    )
    assert refused(text) is None


def test_a_file_over_the_size_limit_is_refused_with_both_sizes():
    problem = size_problem(400_000, 300_000)
    assert (
        "400,000 bytes" in problem.message
        and "300,000" in problem.message
        and "TEXT_MAX_BYTES" in problem.message
    )
    assert size_problem(300_000, 300_000) is None and size_problem(10**9, 0) is None


def test_lists_and_quotes_nested_too_deep_are_refused_on_their_deepest_line():
    lists = "\n".join(" " * 4 * level + "- item" for level in range(20))
    problem = refused("Intro.\n\n" + lists)
    assert problem.line == 3 + 19 and "lists and quotes 20 deep" in problem.message
    assert "NESTING_MAX_DEPTH" in problem.message
    assert refused("> " * 17 + "deep")
    assert refused("\t" * 17 + "- tabs count four spaces")
    assert refused("\n".join(" " * 4 * level + "code, or text in an item" for level in range(40))) is None


def test_brackets_left_open_in_a_paragraph_are_refused_but_a_blank_line_closes_them():
    assert "square brackets 17 deep" in refused("[" * 17 + " words").message
    assert "parentheses 17 deep" in refused("(" * 17).message
    assert refused("[" * 10 + "\n\n" + "[" * 10) is None
    assert refused("\\[" * 40 + "[a]" * 40) is None, "escaped and closed brackets count for nothing"


def test_lt_signs_left_open_anywhere_in_the_file_are_counted_together():
    problem = refused("".join(f"Line <b{n}\n\n" for n in range(17)))
    assert (
        problem and "17 '<' followed by a letter that no '>' closes" in problem.message and problem.line == 33
    )
    assert refused("a < b, c <= d, <b>bold</b> " * 50 + "\n\n<https://x.example/> <a@b.example>") is None


def test_html_elements_nested_too_deep_are_refused():
    assert "HTML elements 17 deep" in refused("<div>" * 17 + "x" + "</div>" * 17).message
    assert refused(("<div>" * 16 + "x" + "</div>" * 16 + "\n\n") * 3) is None
    assert refused("<br><img src=x><hr/><p/>" * 40) is None, "empty elements open nothing"


def test_a_long_paragraph_is_refused_at_its_first_line():
    problem = refused("Short.\n\n" + "word " * 7000)
    assert problem.line == 3 and "35,001 characters with no blank line" in problem.message
    assert "PARAGRAPH_MAX_CHARACTERS" in problem.message
    assert refused("word word\n\n" * 5000) is None


def test_fenced_code_is_left_out_as_markdown_leaves_it():
    code = "```\n" + "[" * 40 + "<div>" * 40 + "\n" + "x" * 40_000 + "\n```\n"
    assert refused("Before.\n\n" + code + "\nAfter.") is None
    assert refused("~~~~\n```\n" + "[" * 40 + "\n~~~~\n") is None, "a fence ends only with its own kind"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="[]()<>/ab \n\t>`~-#\\", max_size=400))
def test_any_text_is_measured_without_error(text):
    count_tried("texts measured")
    problem = refused(text)
    if problem:
        assert 1 <= problem.line <= text.count("\n") + 1 and problem.fix
