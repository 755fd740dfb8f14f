"""The import's plain parts: reading a saved page, the markup kept, links, kinds and names."""

from __future__ import annotations

import datetime

import pytest

from sitebuild.importer.archive import classify, page_address
from sitebuild.importer.convert import Addresses, resolve, to_markdown
from sitebuild.importer.plan import (
    Rules,
    category_for,
    front_matter,
    kind_for,
    listed,
    listing_address,
    publication_type,
)
from sitebuild.importer.saved_page import NotAnArticle, parse_date, read_saved_page
from tests.old_cms import CLASSIC, PLAIN, OldArticle, article_page

RULES = Rules(
    categories=("General", "Leadership", "Education", "Inspection & Improvement"),
    category_map={
        "leadership": "Leadership",
        "workforce": "Leadership",
        "general subject": "General",
        "general": "General",
        "education": "Education",
    },  # fmt: skip
    default_category="General",
    regions={"north west": "North West", "nw": "North West", "london": "London", "l": "London"},
    event_sections=frozenset({"events"}),
    publication_types=(("consultation", "Consultation response"), ("briefing", "Briefing")),
    default_publication_type="Report",
    publication_file_types=frozenset({"pdf", "xlsx"}),
    listings={"blog": "/blog/", "events": "/events/"},
    default_author="The Association",
    slug_settings={},
    reserved=frozenset({"blog", "tag"}),
    max_page_bytes=1_000_000,
)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Fri, 26 May 2023 12:17", datetime.datetime(2023, 5, 26, 12, 17)),
        ("Posted on 3rd March 2021 at 9:05", datetime.datetime(2021, 3, 3, 9, 5)),
        ("26 May 2023", datetime.datetime(2023, 5, 26)),
        ("May 26, 2023", datetime.datetime(2023, 5, 26)),
        ("04/05/2022", datetime.datetime(2022, 5, 4)),  # day first, as in the UK
        ("2023-07-01T08:30:00+00:00", datetime.datetime(2023, 7, 1, 9, 30)),  # UK summer time
        ("Thursday-ish", None),
        ("31 February 2023", None),
    ],
)
def test_dates_as_people_write_them(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize("layout", [CLASSIC, PLAIN])
def test_both_layouts_give_the_same_parts(layout):
    article = OldArticle(
        "leadership", "a", "Leading through a hard winter", "<p>First.</p><p>Second.</p>",
        category="Leadership", author="Dana Oyelaran", tags=("winter", "budgets"), layout=layout,
    )  # fmt: skip
    page = read_saved_page(article_page(article, [("/x", "Another article")]), frozenset({"leadership"}))
    assert page.title == "Leading through a hard winter"
    assert page.date == datetime.datetime(2023, 5, 26, 12, 17)
    assert page.category_label == "Leadership"
    assert page.authors == ["Dana Oyelaran"]
    assert page.tags == ["winter", "budgets"]
    assert page.text_html == "<p>First.</p><p>Second.</p>"


def test_a_page_with_only_a_title_element_and_unmarked_furniture():
    html = (
        "<html><head><title>Fostering week – Directors' Association</title></head><body>"
        "<div><div><strong>Related Articles</strong><a href='/a'>A</a></div>"
        "<p>This site uses cookies. <a href='/c'>OK</a></p>"
        "<div><p>Written by Sam Ng</p><p>Fostering week starts on Monday.</p><p>More words here.</p></div>"
        "</div></body></html>"
    )
    page = read_saved_page(html)
    assert page.title == "Fostering week"
    assert page.authors == ["Sam Ng"]
    assert page.text_html == "<p>Fostering week starts on Monday.</p><p>More words here.</p>"


def test_a_marked_date_that_cannot_be_read_stops_the_page():
    with pytest.raises(NotAnArticle, match="'soon' cannot be read"):
        read_saved_page("<h1>T</h1><span class='post-date'>soon</span><p>Text.</p>")


def test_no_title_and_no_html():
    with pytest.raises(NotAnArticle, match="no title"):
        read_saved_page("<p>Just words.</p>")
    with pytest.raises(NotAnArticle, match="no HTML"):
        read_saved_page("plain text")


def test_markup_is_kept_by_allowlist_and_removals_are_named():
    html = (
        "<h1>Title here</h1><div class='article-body'>"
        "<p style='color:red' onclick='x()'>Hi <font>there</font></p>"
        "<iframe src='https://video.example/embed'></iframe><object data='x'></object>"
        "<table><tr><td colspan='2' class='c'>cell</td></tr></table></div>"
    )
    page = read_saved_page(html)
    assert page.text_html == '<p>Hi there</p><table><tr><td colspan="2">cell</td></tr></table>'
    assert sorted(page.removed) == [
        "1 iframe element",
        "1 object element",
        "an event handler",
        "an inline style",
    ]


def test_deep_nesting_is_a_bad_page_not_a_crash():
    import tempfile
    from pathlib import Path

    from sitebuild.importer.archive import SavedFile
    from sitebuild.importer.run import read_one

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "deep.html")
        path.write_text("<h1>Deep</h1>" + "<div>" * 20000 + "x", encoding="utf-8")
        read = read_one(
            SavedFile(path, "/blog/article/deep"), "article", "blog", "deep", "", frozenset(), False, 10**7
        )
        big = read_one(
            SavedFile(path, "/blog/article/deep"), "article", "blog", "deep", "", frozenset(), False, 100
        )
    assert read.form in ("skipped", "article")  # read, or skipped by name: never an exception
    assert big.form == "skipped" and "IMPORT_MAX_PAGE_BYTES" in big.why


def test_links_resolve_against_the_old_page():
    page = "/blog/article/one"
    assert resolve("../article/two", page, "old.example") == resolve("/blog/article/two", page, "old.example")
    assert resolve("https://www.old.example/blog/article/two/index.html#part", page, "old.example").path == (
        "/blog/article/two"
    )
    assert (
        resolve("https://other.example/x?utm_medium=a&q=1", page, "old.example").path
        == "https://other.example/x?q=1"
    )
    assert resolve("javascript:alert(1)", page, "old.example").form == "drop"
    assert resolve("mailto:a@b.example", page, "old.example").form == "keep"


def test_markdown_links_images_and_what_cannot_be_kept():
    addresses = Addresses("old.example", {"/blog/article/two": "{filename}/blog/2020/two.md"},
                          {"/img/a.png": "{static}/images/a.png"})  # fmt: skip
    html = (
        '<p><a href="/blog/article/two#more">two</a> <a href="/gone">gone</a>'
        ' <a href="javascript:x()">js</a></p>'
        '<p><img src="/img/a.png" alt="A chart"> <img src="https://cdn.example/b.png" alt="B">'
        '<img src="/t.gif" width="1" height="1"></p>'
    )
    converted = to_markdown(html, "/blog/article/one", addresses)
    assert "[two]({filename}/blog/2020/two.md#more)" in converted.markdown
    assert "[gone](https://old.example/gone)" in converted.markdown
    assert "js" in converted.markdown and "javascript" not in converted.markdown
    assert "![A chart]({static}/images/a.png)" in converted.markdown
    assert "[Image: B](https://cdn.example/b.png)" in converted.markdown
    assert converted.unresolved == ["/gone"]
    assert "a tracking image" in converted.removed


@pytest.mark.parametrize(
    "relative, address",
    [
        ("blog/article/x/index.html", "/blog/article/x"),
        ("blog/article/x.html", "/blog/article/x"),
        ("blog/article/x", "/blog/article/x"),
        ("index.html", "/"),
        ("about.htm", "/about"),
        ("blog/article/café talks.html", "/blog/article/caf%C3%A9%20talks"),
        ("blog/article/caf%C3%A9%20talks.html", "/blog/article/caf%C3%A9%20talks"),  # saved escaped
        ("old/it's;here", "/old/it%27s%3Bhere"),
    ],  # fmt: skip
)
def test_saved_names_are_old_addresses(relative, address):
    assert page_address(relative) == address


def test_what_an_address_says():
    sections = {"blog", "education"}
    assert classify("/blog/article/x", sections).form == "article"
    assert classify("/blog/P50", sections).form == "listing"
    assert classify("/education", sections).form == "listing"
    assert classify("/about", sections).form == "page"
    assert classify("/member/login", sections).form == "other"


def test_kinds_categories_and_types():
    assert kind_for("events", "Winter forum", [], RULES)[0] == "event"
    assert kind_for("general-subject", "NW Region February 2016 Update", [], RULES)[:2] == (
        "update",
        "North West",
    )
    kind, _, note = kind_for("blog", "ZZ Region March 2017 Update", [], RULES)
    assert kind == "blog" and "'ZZ' is not known" in note
    assert kind_for("workforce", "Figures", ["/a.pdf"], RULES)[0] == "publication"
    assert category_for("General Subject", "x", RULES) == ("General", "")
    assert category_for("", "workforce", RULES) == ("Leadership", "")
    assert category_for("Odds", "misc", RULES)[1].startswith("guessed the category 'General'")
    assert publication_type("Our consultation reply", RULES) == ("Consultation response", "")
    assert publication_type("Numbers", RULES)[0] == "Report"
    assert listing_address("blog", RULES) == "/blog/"
    assert listing_address("workforce", RULES) == "/category/leadership/"


def test_front_matter_values_are_one_line_and_lists_have_no_stray_commas():
    assert listed(["Smith, Jo", "smith  jo", "Ann"]) == "Smith Jo, Ann"
    assert front_matter([("Title", "Two\nlines"), ("Tags", "")]) == "Title: Two lines\n"


@pytest.mark.parametrize(
    "html, markdown",
    [
        ("<p>#pybay #python</p>", "\\#pybay #python\n"),
        ("<p>1984. A year</p><p>In 1984. A year</p>", "1984\\. A year\n\nIn 1984. A year\n"),
        ("<p>- not a list</p><p>+ nor this</p>", "\\- not a list\n\n\\+ nor this\n"),
        ("<div>&gt; not a quote<br>## nor a heading</div>", "\\> not a quote  \n\\## nor a heading\n"),
        ("<ul><li>#tag</li></ul>", "- \\#tag\n"),
        ("<p>text <b>#inline</b> and -3 degrees</p>", "text **#inline** and -3 degrees\n"),
        ("<pre>#code</pre>", "```\n#code\n```\n"),
        ("<h2>A heading</h2><p>Jo Hale<br>Director</p>", "## A heading\n\nJo Hale  \nDirector\n"),
        # text that shows markup, as the old page showed it: never markup in the new one
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "&lt;script>alert(1)&lt;/script>\n"),
        ("<p>&amp;copy; AT&amp;T, 5 &lt; 6</p>", "&amp;copy; AT&T, 5 < 6\n"),
        (
            "<p>[open](<a href='https://x.example/'>here</a>) and `ls`</p>",
            "[open\\]([here](https://x.example/)) and \\`ls\\`\n",
        ),
        ("<h2>The &lt;b&gt; tag</h2>", "## The &lt;b> tag\n"),
        ("<pre>&lt;b&gt; `x`</pre>", "```\n<b> `x`\n```\n"),
    ],  # fmt: skip
)
def test_text_that_looks_like_markdown_stays_text(html, markdown):
    assert to_markdown(html, "/blog/article/one", Addresses("old.example")).markdown == markdown


def test_a_link_no_browser_can_follow_keeps_its_text_and_is_listed():
    html = '<p>See <a href="http://slides.example.org]">the slides</a> and <a href="http://a.example:x/">a</a>.</p>'
    converted = to_markdown(html, "/blog/article/one", Addresses("old.example"))
    assert converted.markdown == "See the slides and a.\n"
    assert converted.unreadable == ["http://slides.example.org]", "http://a.example:x/"]


def test_a_page_the_reading_code_cannot_cope_with_is_skipped_by_name(tmp_path, monkeypatch):
    from sitebuild.importer import run
    from sitebuild.importer.archive import SavedFile

    def fails(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(run, "read_saved_page", fails)
    path = tmp_path / "page.html"
    path.write_text("<h1>A page</h1><p>Text.</p>", encoding="utf-8")
    read = run.read_one(
        SavedFile(path, "/blog/article/a"), "article", "blog", "a", "", frozenset(), False, 10**6
    )
    assert read.form == "skipped"
    assert read.why.startswith("the import could not read it (IndexError: list index out of range)")


@pytest.mark.parametrize(
    "levels, expected",
    [
        ("h2 h3 h3 h2", "h2 h3 h3 h2"),  # already an outline: untouched
        ("h3 h5 h5 h2 h4", "h2 h3 h3 h2 h3"),
        ("h1 h2 h4", "h2 h3 h4"),  # the page's title is its one h1
        ("h4 h4 h4", "h2 h2 h2"),
        ("h2 h3 h4 h5 h6 h6", "h2 h3 h4 h5 h6 h6"),
    ],
)
def test_headings_skip_no_level_and_keep_their_order_of_rank(levels, expected):
    html = "".join(
        f"<{name}>Heading {number}</{name}><p>Text.</p>" for number, name in enumerate(levels.split())
    )
    converted = to_markdown(html, "/blog/article/one", Addresses("old.example"))
    hashes = [line.split(" ")[0] for line in converted.markdown.splitlines() if line.startswith("#")]
    assert " ".join(f"h{len(mark)}" for mark in hashes) == expected
    assert converted.headings_moved == sum(a != b for a, b in zip(levels.split(), expected.split()))


def test_an_image_without_a_web_address_keeps_only_its_description():
    """data:, javascript: and broken addresses never become links; the alt text stays as text."""
    html = (
        '<p><img src="data:image/png;base64,AAAA" alt="A chart"> <img src="javascript:alert(1)" alt="x">'
        ' <img src="http://cdn.example]/a.png"> <img src="https://cdn.example/b.png" alt="B"></p>'
    )
    converted = to_markdown(html, "/blog/article/one", Addresses("old.example"))
    assert converted.markdown == "(image: A chart) (image: x)  [Image: B](https://cdn.example/b.png)\n"
    assert "an image without a web address (its description is kept)" in converted.removed
