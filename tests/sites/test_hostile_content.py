"""Hostile and broken content files, built for real.

One production build holds one of each hostile value (markup, quotes, right-to-left
text, emoji, very long values, path separators) in every field that takes free
text; every output format must show them as text: the HTML pages, the JSON-LD, the
Atom feeds, the calendars, the sitemap and Pagefind's index. Values that cannot be
published (markup that runs script, a name with no letter or digit, a file that is
not text) are refused with a problem naming the file, and generated content
(tests/hostile.py) is built too.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import icalendar
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings

from tests.conftest import REPO, SITEURL, Site, post
from tests.hostile import (
    SiteFile,
    assert_escaped_html,
    assert_inside,
    comparable,
    count_tried,
    site_files,
    written_files,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
QUOTES = "Director's \"notes\" & 'asides'"
RTL = "تقرير المنطقة דו״ח"  # right-to-left words, which need no direction character
EMOJI = "Families 👩‍👧 first 🎉"
LONG_TITLE = "A very long title " + "about children's services " * 12
LONG_TAG = "tag " * 45  # 180 characters: the longest kind of name that still fits a file name
PATH = "../../etc/passwd"

HOSTILE_FILES = {
    "blog/hostile.md": post(
        f"{SCRIPT} {BREAKOUT}",
        tags=f"{SCRIPT}, {BREAKOUT} tag, {RTL}, {EMOJI}, {PATH}, {LONG_TAG}",
        authors=f"Ann {BREAKOUT}, {PATH} Bob",
        summary=f"The summary `{SCRIPT}` and {QUOTES}",
        series=f"Series {SCRIPT}",
        body=f"Text with `{SCRIPT}` as code, and {QUOTES}.\n\n    {BREAKOUT}\n",
    ),
    "blog/quotes.md": post(QUOTES, tags=RTL, authors=RTL),
    "blog/long.md": post(LONG_TITLE, slug="a-long-title", tags=EMOJI, series=PATH),
    "regional-updates/rtl.md": post(f"{RTL} {EMOJI}", region="London"),
    "events/hostile-event.md": (
        f"Title: Event {SCRIPT}\nStart: 2099-01-01 10:00\nLocation: Room {BREAKOUT}\n"
        f'Booking: https://www.example.org/book?a=1&b="2"\n\nAn event {QUOTES}.\n'
    ),
    "publications/hostile.md": (
        f"Title: Report {BREAKOUT}\nDate: 2026-02-01\nCategory: General\nType: Report\n"
        f"Link: https://www.example.org/report\nPublisher: {SCRIPT}\nPages: {BREAKOUT}\n"
        f"Authors: {QUOTES}\n\nA report.\n"
    ),
    "pages/hostile.md": f"Title: Page {BREAKOUT}\nSlug: hostile-page\n\nA page about `{SCRIPT}`.\n",
    # A hidden post is published but listed nowhere: its text may not put it in the search index.
    "blog/hidden.md": post(
        "Hidden",
        status="hidden",
        body='<div data-pagefind-body data-pagefind-meta="title:Found">Words only its link should reach.</div>',
    ),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("hostile") / "site")
    for relative, text in HOSTILE_FILES.items():
        site.write(relative, text)
    result = site.build(production=True)
    assert result.returncode == 0, result.stderr
    return site


def html_pages(site: Site) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(site.output).as_posix(): BeautifulSoup(
            path.read_text(encoding="utf-8"), "html.parser"
        )
        for path in sorted(site.output.rglob("*.html"))
        if "pagefind" not in path.parts
    }


def test_no_page_holds_markup_from_the_content(hostile):
    pages = html_pages(hostile)
    assert len(pages) > 20
    for address, soup in pages.items():
        assert_escaped_html(soup, address)


def test_every_value_is_shown_as_text(hostile):
    post_page = hostile.page("/blog/scriptalert1script-img-srcx-onerroralert1/")
    heading = post_page.select_one("h1").get_text()
    assert SCRIPT in heading and "><img src=x onerror=alert(1)>" in heading
    assert SCRIPT in post_page.title.get_text()
    tags = [link.get_text() for link in post_page.select(".tag-list a")]
    assert SCRIPT in tags and RTL in tags and EMOJI in tags and PATH in tags
    byline = post_page.select_one(".byline").get_text()
    assert BREAKOUT in byline and f"{PATH} Bob" in byline
    assert f"Series {SCRIPT}" in post_page.select_one(".facts").get_text()
    assert post_page.select_one(".prose code").get_text() == SCRIPT
    meta = {tag.get("property") or tag.get("name"): tag.get("content") for tag in post_page.select("meta")}
    assert SCRIPT in meta["og:title"] and SCRIPT in meta["description"]

    event = hostile.page("/events/event-scriptalert1script/")
    assert event.select_one(".event-details dd:-soup-contains('Room')").get_text() == f"Room {BREAKOUT}"
    assert event.select_one("a.button")["href"] == 'https://www.example.org/book?a=1&b="2"'
    publication = hostile.page("/publications/report-img-srcx-onerroralert1/")
    assert SCRIPT in publication.select_one(".details").get_text()
    assert BREAKOUT in publication.select_one(".citation").get_text().replace("“", '"')
    assert BREAKOUT[1:] in hostile.page("/hostile-page/").h1.get_text()
    assert RTL in hostile.page("/tag/").get_text()


def test_addresses_stay_inside_their_folders(hostile):
    for path in written_files(hostile.output):
        assert_inside(path, hostile.output)
    assert (hostile.output / "blog" / "a-long-title" / "index.html").is_file()
    assert (hostile.output / "tag" / "etcpasswd" / "index.html").is_file()
    assert (hostile.output / "author" / "etcpasswd-bob" / "index.html").is_file()
    assert (hostile.output / "series" / "etcpasswd" / "index.html").is_file()


def test_json_ld_cannot_end_its_script_element(hostile):
    soup = hostile.page("/blog/scriptalert1script-img-srcx-onerroralert1/")
    [block] = soup.select('script[type="application/ld+json"]')
    text = block.string
    assert "<" not in text and ">" not in text and "&" not in text
    graph = json.loads(text)["@graph"]
    posting = next(thing for thing in graph if thing["@type"] == "BlogPosting")
    assert SCRIPT in posting["headline"]
    assert f"Ann {BREAKOUT}" in [author["name"] for author in posting["author"]]
    assert SCRIPT in posting["keywords"]


def test_feeds_carry_the_values_as_text(hostile):
    feeds = sorted((hostile.output / "feeds").rglob("*.atom.xml"))
    assert len(feeds) > 5
    titles = set()
    for path in feeds:
        root = ET.parse(path).getroot()  # well-formed, or this raises
        for entry in root.iter(f"{ATOM}entry"):
            titles.add(entry.findtext(f"{ATOM}title"))
            for field in ("content", "summary"):
                markup = entry.findtext(f"{ATOM}{field}") or ""
                assert_escaped_html(BeautifulSoup(markup, "html.parser"), f"{path.name} {field}")
    assert f"{SCRIPT} {BREAKOUT}".replace('"', "“") in titles
    entries = ET.parse(hostile.output / "feeds" / "all.atom.xml").getroot().iter(f"{ATOM}entry")
    entry = next(entry for entry in entries if entry.findtext(f"{ATOM}title").startswith(SCRIPT))
    assert {category.get("term") for category in entry.iter(f"{ATOM}category")} >= {SCRIPT, RTL, PATH}


def test_calendars_carry_the_values_as_text(hostile):
    for path in (hostile.output / "events").rglob("*.ics"):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        [event] = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == f"Event {SCRIPT}"
        assert str(event["LOCATION"]) == f"Room {BREAKOUT}"


def test_the_sitemap_lists_only_addresses_inside_the_site(hostile):
    root = ET.parse(hostile.output / "sitemap.xml").getroot()
    addresses = [element.text for element in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{SITEURL}/blog/scriptalert1script-img-srcx-onerroralert1/" in addresses
    for address in addresses:
        assert address.startswith(f"{SITEURL}/") and ".." not in address and "<" not in address


def test_search_indexes_the_values_as_text(hostile):
    fragments = {}
    for path in (hostile.output / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        fragment = json.loads(data)
        fragments[fragment["url"]] = fragment
    hostile_post = fragments["/blog/scriptalert1script-img-srcx-onerroralert1/"]
    assert SCRIPT in hostile_post["meta"]["title"]
    assert set(hostile_post["filters"]["tag"]) >= {SCRIPT, RTL, EMOJI, PATH}
    assert fragments["/events/event-scriptalert1script/"]["meta"]["title"] == f"Event {SCRIPT}"
    assert "/blog/hidden/" not in fragments, "a hidden post is not searchable, whatever its text says"
    assert "data-pagefind-body" not in (hostile.output / "blog/hidden/index.html").read_text(encoding="utf-8")


# --- refused -------------------------------------------------------------------------

REFUSED = {
    "blog/script.md": (post("Script", body=f"Intro.\n\n{SCRIPT}"), 8, "A <script> element is not allowed"),
    "blog/handler.md": (post("Handler", body=f"Intro {BREAKOUT}"), 6, "inline event handler 'onerror'"),
    "blog/javascript.md": (
        post("Js", body='<a href="java&#9;script:alert(1)">x</a>'),
        6,
        "'javascript:' address",
    ),
    "blog/iframe.md": (
        post("Frame", body='<iframe src="https://a.example/"></iframe>'),
        6,
        "An embedded <iframe>",
    ),
    "blog/draft.md": (post("Draft", status="draft", body=SCRIPT), 7, "A <script> element"),
    "blog/summary.md": (post("Summary", summary=f"Hi {BREAKOUT}"), 5, "inline event handler"),
    "blog/emoji.md": (post("🎉🎉"), 1, "Title '🎉🎉' gives no address"),
    "blog/tag.md": (post("Tag", tags=".., ok"), 5, "Tag '..' gives no address"),
    "blog/author.md": (post("Author", authors="Ann, 🎉"), 4, "Author '🎉' gives no address"),
    "blog/too-long.md": (post("x" * 300), 1, "gives an address 300 characters long"),
    "blog/slug.md": (post("Slug", slug="../../x"), 5, "Slug '../../x' may only hold"),
    "blog/save-as.md": (post("Save as", save_as="../../x.html"), 5, "Save_as is not used on this site"),
    "blog/dash.md": (post("—"), 1, "Title '—' gives no address"),
    "blog/underscore-tag.md": (post("Underscore", tags="ok, _"), 5, "Tag '_' gives no address"),
    "blog/hyphen-author.md": (post("Hyphens", authors="--"), 4, "Author '--' gives no address"),
    "blog/template.md": (post("Template", template="page"), 5, "Template is a name Pelican uses itself"),
    "blog/content.md": (post("Content", _content=SCRIPT), 5, "_content is a private name"),
    "blog/override.md": (post("Override", override_save_as="index.html"), 5, "Override_save_as is a name"),
    "blog/meta.md": (
        post("Meta", body='<meta http-equiv="refresh" content="0;url=https://a.example/">'),
        6,
        "A <meta> element",
    ),
    "blog/object.md": (
        post("Object", body='<object data="https://a.example/x"></object>'),
        6,
        "An embedded <object>",
    ),
    "blog/svg.md": (post("Drawing", body="<svg><style>x</style></svg>"), 6, "An inline drawing (<svg>)"),
    "blog/form.md": (
        post("Form", body='<form action="https://a.example/"><input></form>'),
        6,
        "A form element (<form>)",
    ),
    "blog/comment-trick.md": (
        post("Trick", body="<!--><script>alert(1)</script>-->"),
        6,
        "A <script> element",
    ),
    "blog/huge.md": (post("Huge", body="word " * 70_000), 1, "a post may hold at most 300,000"),
    "blog/brackets.md": (post("Brackets", body="[" * 5000), 6, "nests square brackets 5000 deep"),
    "blog/lists.md": (
        post("Lists", body="\n".join(" " * 4 * n + "- a" for n in range(40))),
        45,
        "lists and quotes 40 deep",
    ),
    "blog/long-paragraph.md": (post("Long", body="word " * 8000), 6, "40,001 characters with no blank line"),
    "blog/no-text.md": (post("No text", body=""), 6, "has no text after its front matter"),
}

BROKEN_BYTES = {
    "blog/empty.md": (b"", 1, "This file is empty."),
    "blog/blank.md": (b" \n\r\n\t\n", 1, "This file is empty."),
    "blog/binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "This file is not text"),
    "blog/latin-1.md": (
        b"Title: A\nDate: 2026-01-01\n\nCaf\xe9\n",
        4,
        "not UTF-8 text (line 4 has the byte 0xE9)",
    ),
    "blog/utf-16.md": ("Title: A\n\nText\n".encode("utf-16"), 1, "saved as UTF-16 text, not UTF-8"),
    "blog/control.md": (post("A\x02b").encode(), 1, "holds an invisible control character (U+0002)"),
    "blog/delete.md": (post("A\x7fb").encode(), 1, "holds an invisible control character (U+007F)"),
    "blog/c1.md": (
        post("C1", tags="a\x85b").encode(),
        5,
        "Tags holds an invisible control character (U+0085)",
    ),
    "blog/override-mark.md": (post("Marked", tags="\u202etxt.exe").encode(), 5, "right-to-left override"),
    "blog/isolate.md": (post("\u2067Safe\u2069").encode(), 1, "right-to-left isolate"),
}


def test_unsafe_and_unusable_values_and_broken_files_are_refused_all_at_once(site):
    site.write("blog/good.md", post("Good"))
    for relative, (text, _, _) in REFUSED.items():
        site.write(relative, text)
    for relative, (data, _, _) in BROKEN_BYTES.items():
        (site.content / relative).write_bytes(data)
    result = site.build()

    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    reported = [line.strip() for line in result.stderr.splitlines() if line.startswith("  content/")]
    expected = {name: (line, words) for name, (_, line, words) in REFUSED.items()}
    expected |= {name: (line, words) for name, (_, line, words) in BROKEN_BYTES.items()}
    assert f"Found {len(expected)} problems in {len(expected)} content files" in result.stderr, result.stderr
    for relative, (line, words) in expected.items():
        [problem] = [text for text in reported if text.startswith(f"content/{relative}:")]
        assert problem.startswith(f"content/{relative}:{line}: ") and words in problem, problem
    assert not site.output.exists()


def test_invoke_check_reports_each_refused_file_once(site):
    for relative, (text, _, _) in REFUSED.items():
        site.write(relative, text)
    command = [sys.executable, "-m", "invoke", "check", "--project", str(site.root)]
    result = subprocess.run(
        command, check=False, cwd=REPO, capture_output=True, text=True, timeout=300, encoding="utf-8"
    )

    reported = [line.strip() for line in result.stdout.splitlines() if line.startswith("  content/")]
    for relative, (_, line, words) in REFUSED.items():  # besides what only invoke check looks at
        [problem] = [text for text in reported if text.startswith(f"content/{relative}:") and words in text]
        assert problem.startswith(f"content/{relative}:{line}: "), problem


def test_a_byte_order_mark_and_windows_line_endings_change_nothing(site):
    text = post(
        "Line endings", tags="a, b", summary="A *summary*.", body="## A heading\n\nText.\n\n- one\n- two"
    )
    path = site.write("blog/endings.md", text)
    assert site.build().returncode == 0
    clean = (site.output / "blog" / "line-endings" / "index.html").read_bytes()

    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert (site.output / "blog" / "line-endings" / "index.html").read_bytes() == clean


def test_front_matter_without_text_is_fine_in_a_draft(site):
    site.write("blog/idea.md", post("An idea", status="draft", body=""))
    site.write("pages/later.md", "Title: Later\nStatus: draft\n")
    result = site.build()
    assert result.returncode == 0, result.stderr


# --- generated -------------------------------------------------------------------------


def refused_files(result, files: list[SiteFile]) -> set[str]:
    """The generated files (below content/) a failed build named, after checking it named only those."""
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output and "The build failed" not in output, output
    named = {
        line.split(":")[0].strip() for line in result.stderr.splitlines() if line.startswith("  content/")
    }
    assert named and named <= {f"content/{file.relative}" for file in files}, output
    return {path.removeprefix("content/") for path in named}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=site_files())
def test_generated_sites_build_safely_or_name_every_bad_file(tmp_path_factory, files: list[SiteFile]):
    """Each example is a whole site of generated files, built for real (production settings).

    A build that fails must name only generated files; without them, the site must build.
    """
    site = Site(tmp_path_factory.mktemp("generated") / "site")
    site.write("blog/anchor.md", post("Anchor"))
    for file in files:
        (site.content / file.relative).parent.mkdir(parents=True, exist_ok=True)
        (site.content / file.relative).write_bytes(file.data)
    count_tried("generated files in sites", len(files))
    result = site.build(production=True)
    if result.returncode != 0:
        named = refused_files(result, files)
        count_tried("generated files refused", len(named))
        for relative in named:
            (site.content / relative).unlink()
        files = [file for file in files if file.relative not in named]
        result = site.build(production=True)
        assert result.returncode == 0, result.stderr
    count_tried("generated sites built", 1)

    for path in written_files(site.output):
        assert_inside(path, site.output)
    for address, soup in html_pages(site).items():
        assert_escaped_html(soup, address)
    for path in (site.output / "feeds").rglob("*.xml"):
        ET.parse(path)  # well-formed, or this raises
    for path in (site.output / "events").rglob("*.ics"):
        icalendar.Calendar.from_ical(path.read_bytes())
    for file in files:
        if file.address:
            heading = site.page(file.address).h1.get_text()
            assert comparable(heading) == comparable(file.fields["title"]), (heading, file.fields["title"])
