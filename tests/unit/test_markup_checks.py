"""The checks `invoke check` runs on each file's text, on Markdown rendered as Pelican renders it."""

from __future__ import annotations

import markdown
from content_model.markup_checks import (
    Body,
    SiteMap,
    broken_links,
    check_body,
    empty_text,
    header_length,
    heading_problems,
    image_problems,
    placeholder_text,
    sanitiser_problems,
)
from content_model.sanitise import Sanitiser

EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.toc", "markdown.extensions.meta"]
# The front matter of every example: the text starts on line 6.
FRONT = "Title: A post\nDate: 2026-03-01\nCategory: General\nAuthors: Ann Example\n\n"

SITE = SiteMap(
    addresses=frozenset(
        {
            "/",
            "/blog/",
            "/blog/a-post/",
            "/blog/peer-challenge-is-how-we-get-better/",
            "/blog/a-draft/",
            "/tag/",
            "/tag/ofsted/",
            "/archive/",
        }
    ),
    files={"blog/a.md": 10, "blog/draft.md": 10, "images/chart.png": 400, "images/huge.jpg": 900_000},
    static={"/images/chart.png": "images/chart.png", "/images/huge.jpg": "images/huge.jpg"},
    draft_addresses=frozenset({"/blog/a-draft/"}),
    draft_files=frozenset({"blog/draft.md"}),
    taxonomy={"tag": lambda name: f"/tag/{name.lower()}/"},
)


def body(text: str, front: str = FRONT, draft: bool = False) -> Body:
    source = front + text
    html = markdown.Markdown(extensions=EXTENSIONS, output_format="html5").convert(source)
    return Body("content/blog/a.md", source, html, folder="blog", address="/blog/a-post/", draft=draft)


def found(problems) -> list[tuple[int, str]]:
    return [(problem.line, problem.value) for problem in problems]


# --- where the text starts ------------------------------------------------------


def test_the_header_ends_at_the_first_blank_line():
    assert header_length(["Title: A", "Date: 2026-01-01", "", "Text"]) == 3
    assert header_length(["---", "Title: A", "---", "Text"]) == 3
    assert header_length(["Title: A", "    continued", "", "Text"]) == 3
    assert header_length(["Just text", "more"]) == 0


def test_a_snippet_that_is_not_in_the_source_falls_back_to_the_first_line_of_text():
    page = body("\n\nFirst words.\n")
    assert page.first_line == 8
    assert page.line_of("not there") == 8


# --- links ----------------------------------------------------------------------


def test_links_to_pages_files_and_listings_the_site_has_are_fine():
    text = (
        "[a](/blog/a-post/) [b](../peer-challenge-is-how-we-get-better/) [c]({filename}a.md) "
        "[d]({filename}/blog/a.md) [e](/tag/ofsted/) [f]({tag}Ofsted) [g](/blog/page/2/) [h](/blog/a-post) "
        "[i](/blog/a-post/index.html) [j](https://example.org/x) [k](#top) [l](mailto:a@example.org) "
        "[m]({index})"
    )
    assert broken_links(body(text), SITE) == []


def test_a_link_to_a_missing_page_names_its_line_and_suggests_a_close_address():
    [problem] = broken_links(body("Intro.\n\nSee [it](/blog/peer-chalenge/)."), SITE)
    assert (problem.line, problem.field, problem.value) == (8, "Body", "/blog/peer-chalenge/")
    assert problem.fix == "Did you mean '/blog/peer-challenge-is-how-we-get-better/'?"


def test_a_relative_link_is_resolved_against_the_page_address():
    [problem] = broken_links(body("[x](../nowhere/)"), SITE)
    assert "(it goes to /blog/nowhere/)" in problem.message
    assert "listed on /blog/" in problem.fix


def test_file_links_must_name_a_file_under_content():
    text = "[a]({filename}missing.md)\n\n![b]({static}/images/chart.pngg)\n\n[c]({filename}../../../etc/x)"
    problems = broken_links(body(text), SITE)
    assert found(problems) == [
        (6, "{filename}missing.md"),
        (8, "{static}/images/chart.pngg"),
        (10, "{filename}../../../etc/x"),
    ]
    assert problems[1].fix == "Did you mean 'content/images/chart.png'?"
    assert "outside content/" in problems[2].message


def test_an_unknown_tag_link_is_reported():
    [problem] = broken_links(body("[x]({tag}Nope)"), SITE)
    assert "the tag 'Nope'" in problem.message


def test_a_published_post_may_not_link_to_a_draft_but_a_draft_may():
    text = "[x](/blog/a-draft/) and [y]({filename}draft.md)"
    values = [problem.value for problem in broken_links(body(text), SITE)]
    assert values == ["/blog/a-draft/", "{filename}draft.md"]
    assert broken_links(body(text, draft=True), SITE) == []


def test_two_broken_links_with_one_address_get_their_own_lines():
    problems = broken_links(body("[x](/gone/)\n\nText.\n\n[y](/gone/)"), SITE)
    assert [problem.line for problem in problems] == [6, 10]


# --- images -----------------------------------------------------------------------


def test_images_without_alt_text_in_markdown_and_html():
    text = '![](/images/chart.png)\n\n<img src="/images/chart.png">\n\n![A chart](/images/chart.png)'
    problems = image_problems(body(text), SITE, 500_000)
    assert found(problems) == [(6, "/images/chart.png"), (8, "/images/chart.png")]
    assert "alt" in problems[0].fix


def test_an_image_over_the_limit_names_its_size_and_the_limit():
    [problem] = image_problems(body("![A photo]({static}/images/huge.jpg)"), SITE, 500_000)
    assert "900,000 bytes" in problem.message and "500,000 bytes" in problem.message
    assert image_problems(body("![A photo](/images/huge.jpg)"), SITE, 1_000_000) == []


def test_an_image_from_another_host_is_reported():
    [problem] = image_problems(body("![Logo](https://cdn.example.com/logo.png)"), SITE, 0)
    assert "cdn.example.com" in problem.message


# --- what the sanitiser removes ------------------------------------------------------


def removed(text: str, iframe_hosts=()) -> list:
    page = body(text)
    return sanitiser_problems(page, Sanitiser(tuple(iframe_hosts)).findings(page.html))


def test_scripts_handlers_javascript_links_and_foreign_iframes_are_reported_on_their_lines():
    text = (
        "Intro.\n\n<script>alert(1)</script>\n\n"
        '<p onclick="go()">Click</p>\n\n'
        "[x]( JaVaScRiPt:alert(1))\n\n"
        '<iframe src="https://www.youtube-nocookie.com/embed/a" title="ok"></iframe>\n\n'
        '<iframe src="https://player.vimeo.com/video/1" title="not allowed"></iframe>\n\n'
        '<iframe src="/events/" title="this site"></iframe>'
    )
    problems = removed(text, ["youtube-nocookie.com"])
    assert found(problems) == [
        (8, "<script>"),
        (10, "onclick="),
        (12, "JaVaScRiPt:alert(1)"),
        (16, "https://player.vimeo.com/video/1"),
        (18, "/events/"),
    ]
    assert "IFRAME_HOSTS" in problems[3].message


def test_the_same_finding_twice_gets_each_its_own_line():
    text = "<script>a</script>\n\nWords.\n\n<script>b</script>\n\n<p onclick=x>a</p> <p onclick=y>b</p>"
    assert found(removed(text)) == [(6, "<script>"), (10, "<script>"), (12, "onclick="), (12, "onclick=")]


def test_markup_shown_as_code_is_not_reported():
    text = 'Use `<script>` like this:\n\n    <script>alert(1)</script>\n\n```\n<p onclick="x">\n```\n'
    assert removed(text) == []


def test_no_iframe_is_allowed_when_the_list_is_empty():
    [problem] = removed('<iframe src="https://www.youtube-nocookie.com/embed/a"></iframe>')
    assert "allows iframes from: none" in problem.message


# --- headings ---------------------------------------------------------------------


def test_a_skipped_heading_level_is_reported_once_with_the_level_to_use():
    text = "Intro.\n\n## First\n\nText.\n\n#### Too deep\n\n##### Deeper\n\n## Back\n\n### Fine"
    [problem] = heading_problems(body(text))
    assert (problem.line, problem.value) == (12, "Too deep")
    assert problem.fix.startswith("Make it a ### heading")


def test_the_text_starts_at_level_two_and_has_no_second_title():
    problems = heading_problems(body("### Starts too deep\n\n# Another title"))
    assert found(problems) == [(6, "Starts too deep"), (8, "Another title")]
    assert "level of the page's title" in problems[1].message


def test_headings_are_found_by_their_words_even_after_typography():
    text = "## Director's notes\n\nText\n\n#### What's next & why\n"
    html = (
        "<h2>Director&#8217;s notes</h2><p>Text</p>"
        '<h4>What&#8217;s next <span class="amp">&amp;</span> why</h4>'
    )
    page = Body("content/blog/a.md", FRONT + text, html, address="/blog/a-post/")
    [problem] = heading_problems(page)
    assert problem.line == 10


def test_setext_headings_are_found_too():
    [problem] = heading_problems(body("Intro\n=====\n\nText.\n"))
    assert problem.line == 6


# --- unfinished text ----------------------------------------------------------------


def test_placeholder_text_is_reported_in_the_text_and_in_the_front_matter():
    front = FRONT.replace("\n\n", "\nLink: https://www.example.org/replace-me\n\n")
    page = body("Write your introduction here. And more.", front=front)
    problems = placeholder_text(page, ["Write your introduction here.", "https://www.example.org/replace-me"])
    assert [(p.line, p.field) for p in problems] == [(5, "Link"), (7, "Body")]


def test_an_empty_text_is_reported_where_the_text_should_start():
    [problem] = empty_text(body(""))
    assert problem.line == 6 and "no text" in problem.message  # below the blank line
    assert body("", front=FRONT.rstrip("\n")).first_line == 4


def test_drafts_may_keep_placeholders_and_an_empty_text():
    assert check_body(body("", draft=True), SITE, placeholders=["x"]) == []
    draft = body("Write your introduction here.", draft=True)
    assert check_body(draft, SITE, placeholders=["Write your"]) == []


def test_no_problem_is_ever_on_line_zero():
    for text in ("", "<script>x</script>", '<img src="x">', "#### Deep"):
        page = body(text, front="")
        findings = Sanitiser().findings(page.html)
        problems = check_body(page, SITE, placeholders=["x"]) + sanitiser_problems(page, findings)
        problems += empty_text(page)
        assert problems
        for problem in problems:
            assert problem.line >= 1
