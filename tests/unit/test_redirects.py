"""The redirects' rules and files as plain functions (plugins/redirects/redirects.py): no build."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from redirects.redirects import (
    Redirect,
    WrittenSite,
    check_against_site,
    each_page,
    netlify_rules,
    nginx_map,
    nginx_rules,
    nginx_string,
    page_file,
    read_redirects,
    redirects_file,
    site_prefix,
    variants,
)

from tests.hostile import ATTACKS, count_tried

FILE = "content/data/redirects.csv"


def read(*rows: str, header: str = "old,new") -> tuple[list[Redirect], list]:
    return read_redirects("\n".join([header, *rows]) + "\n", FILE)


def only_problem(*rows: str, header: str = "old,new"):
    redirects, problems = read(*rows, header=header)
    assert len(problems) == 1, problems
    return problems[0]


# --- the file's own rules ------------------------------------------------------------------


def test_the_importers_rows_are_read_with_their_lines():
    redirects, problems = read(
        "/blog/article/peer-challenge-works,/blog/peer-challenge-works/",
        "/blog/P50,/blog/",
        "/assets/files/report-2023.pdf,/files/report-2023.pdf",
        "/files/Annual%20Report%20(2023).pdf,/files/annual-report-2023.pdf",
        "/old/about.html,/about/",
        "/news,/",
    )
    assert problems == []
    assert [(redirect.old, redirect.line) for redirect in redirects][:2] == [
        ("/blog/article/peer-challenge-works", 2),
        ("/blog/P50", 3),
    ]
    assert len(redirects) == 6


def test_no_file_and_an_empty_file_mean_no_redirects():
    assert read_redirects("", FILE) == ([], [])
    assert read_redirects("old,new\n\n", FILE) == ([], [])


def test_the_header_must_be_old_new():
    problem = only_problem("/a,/b/", header="from,to")
    assert (problem.path, problem.line, problem.field, problem.value) == (FILE, 1, "old", "from,to")
    assert "not the header 'old,new'" in problem.message
    redirects, problems = read_redirects("/a,/b/\n", FILE)  # no header: the row still counts
    assert len(problems) == 1 and [redirect.old for redirect in redirects] == ["/a"]


@pytest.mark.parametrize("row", ["/a", "/a,/b/,/c/", "/a,/b/,"])
def test_a_row_is_exactly_two_values(row):
    problem = only_problem(row)
    assert problem.line == 2 and problem.value == row
    assert "a redirect is two: old,new" in problem.message


HOSTILE_OLD = [
    ('"/a""b",/x/', "a double quote"),
    ("/a'b,/x/", "a single quote"),
    ("/a b,/x/", "a space"),
    ("/$host,/x/", "'$'"),
    ("/a;b,/x/", "';'"),
    ("/a{b},/x/", "'{'"),
    ("/a?page=2,/x/", "a query"),
    ("/a#top,/x/", "a fragment"),
    ("/a\\b,/x/", "a backslash"),
    ("/blog/*,/x/", "any address"),
    ('"/a\nb",/x/', "invisible character (U+000A)"),
    ("/a\tb,/x/", "invisible character (U+0009)"),
    ("/caf\u00e9,/x/", "'é'"),
    ("/../etc/passwd,/x/", "'..' part"),
    ("/a/./b,/x/", "'.' part"),
    ("/%2e%2e/x,/x/", "'..' part"),
    ("/a//b,/x/", "'//'"),
    ("/_headers,/x/", "starting with '_'"),
    ("/.well-known/security.txt,/x/", "starting with '.'"),
    ("/%5Fredirects,/x/", "starting with '_'"),
    ("/blog/:slug,/x/", "placeholder"),
    ("/a%zz,/x/", "two hexadecimal digits"),
    ("/a%,/x/", "two hexadecimal digits"),
    ("/a%ff,/x/", "not UTF-8"),
    ("/a%2Fb,/x/", "escaped '/'"),
    ("/a%0Ab,/x/", "control character"),
    ("/a%E2%80%AEb,/x/", "control character"),
    ("javascript:alert(1),/x/", "does not start with '/'"),
    ("https://old.example.org/a,/x/", "does not start with '/'"),
    ("blog/a,/x/", "does not start with '/'"),
    (",/x/", "is empty"),
    ("/,/x/", "the home page"),
    ("/blog/a/,/x/", "ends with '/'"),
    ("/blog/a/index.html,/x/", "ends with '/index.html'"),
    ("/" + "a" * 201 + ",/x/", "longer than 200 bytes"),
    ("/a" * 501 + ",/x/", "characters long"),
]


@pytest.mark.parametrize(("row", "said"), HOSTILE_OLD, ids=[row for row, _ in HOSTILE_OLD])
def test_an_old_address_is_a_plain_path_by_allowlist(row, said):
    redirects, problems = read(row)
    assert redirects == []
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.path, problem.line, problem.field) == (FILE, 2, "old")
    assert said in problem.message, problem.message
    assert problem.fix
    assert "\n" not in str(problem), "a problem is one line, whatever the value holds"


HOSTILE_NEW = [
    ("/a,javascript:alert(1)", "does not start with '/'"),
    ("/a,https://elsewhere.example/", "does not start with '/'"),
    ("/a,//elsewhere.example/", "'//'"),
    ("/a,/b/$host", "'$'"),
    ('/a,"/b"";return 302 x;"', "a double quote"),
    ("/a,/b;c", "';'"),
    ("/a,/b/#top", "a fragment"),
    ("/a,/b c/", "a space"),
    ("/a,/../b/", "'..' part"),
    ("/a,/_headers", "starting with '_'"),
    ('/a,"/b\n/c"', "invisible character"),
    ("/a,", "is empty"),
]


@pytest.mark.parametrize(("row", "said"), HOSTILE_NEW, ids=[row for row, _ in HOSTILE_NEW])
def test_a_new_address_is_a_plain_path_too(row, said):
    problem = only_problem(row)
    assert (problem.line, problem.field) == (2, "new")
    assert said in problem.message, problem.message


def test_a_new_address_may_end_with_a_slash_or_be_the_home_page():
    redirects, problems = read("/a,/", "/b,/blog/", "/c,/files/report.pdf", "/d,/x/index.html")
    assert problems == [] and len(redirects) == 4


def test_the_same_old_address_twice_is_refused_at_the_later_line_naming_the_earlier():
    problem = only_problem("/blog/P50,/blog/", "/x,/y/", "/blog/P50,/news/")
    assert (problem.line, problem.field, problem.value) == (4, "old", "/blog/P50")
    assert "by line 2" in problem.message


@pytest.mark.parametrize("again", ["/Blog/p50", "/blog/P%350"])
def test_addresses_differing_in_case_or_escapes_are_the_same_to_a_web_server(again):
    problem = only_problem("/blog/P50,/blog/", f"{again},/news/")
    assert problem.line == 3 and "by line 2 (written '/blog/P50'" in problem.message


LOOPS = ["/about,/about/", "/about,/about/index.html", "/About,/about/", "/a.html,/a.html"]


@pytest.mark.parametrize("row", LOOPS)
def test_a_redirect_to_the_same_page_is_a_loop_to_delete(row):
    problem = only_problem(row)
    assert problem.field == "new" and "loop" in problem.message
    assert problem.fix == "Delete this line."


def test_a_redirect_to_another_redirect_is_refused_naming_both_lines():
    redirects, problems = read("/old,/older/", "/older,/new/", "/x.pdf,/old")
    assert [(problem.line, problem.field) for problem in problems] == [(2, "new"), (4, "new")]
    assert "line 3 redirects it to '/new/'" in problems[0].message
    assert "Point line 2 straight at where line 3 leads" in problems[0].fix
    assert [redirect.old for redirect in redirects] == ["/older"]


def test_a_file_that_is_not_csv_is_a_problem_with_its_line():
    redirects, problems = read_redirects('old,new\n/a,/b/\n"/c,/d/\n', FILE)
    assert problems and problems[0].path == FILE


# --- what is published -------------------------------------------------------------------


def test_variants_and_pages_by_file_type():
    assert variants("/blog/a") == ("/blog/a", "/blog/a/", "/blog/a/index.html")
    assert variants("/files/a.pdf") == ("/files/a.pdf",)
    assert variants("/v1.2") == ("/v1.2", "/v1.2/", "/v1.2/index.html"), "'2' is no file type"
    assert page_file(Redirect("/blog/a", "/b/", 2)) == "blog/a/index.html"
    assert page_file(Redirect("/old/About.HTM", "/b/", 2)) == "old/About.HTM"
    assert page_file(Redirect("/files/a.pdf", "/b/", 2)) == ""
    assert page_file(Redirect("/files/Annual%20Report", "/b/", 2)) == "files/Annual Report/index.html"
    pages = list(each_page([Redirect("/a", "/b/", 2), Redirect("/c.pdf", "/d.pdf", 3)]))
    assert pages == [("a/index.html", Redirect("/a", "/b/", 2))]


def test_redirects_file_lists_every_variant_sorted_with_the_sites_path():
    redirects = [Redirect("/b", "/new/", 2), Redirect("/a.pdf", "/files/a.pdf", 3)]
    rules = netlify_rules(redirects, "/sub")
    assert rules == (
        ("/sub/a.pdf", "/sub/files/a.pdf"),
        ("/sub/b", "/sub/new/"),
        ("/sub/b/", "/sub/new/"),
        ("/sub/b/index.html", "/sub/new/"),
    )
    lines = redirects_file(rules, FILE).splitlines()
    assert lines[0].startswith("# Made by the build from content/data/redirects.csv")
    assert lines[1:] == [f"{old} {new} 301" for old, new in rules]


def test_site_prefix_is_the_path_of_siteurl():
    assert site_prefix("https://www.acsd.test") == ""
    assert site_prefix("https://host.test/sub/") == "/sub"
    assert site_prefix("https://host.test/a b") == "/a%20b"


def test_the_nginx_map_has_decoded_keys_quoted_and_how_to_use_it():
    rules = nginx_rules([Redirect("/files/Annual%20Report.pdf", "/files/annual-report.pdf", 2)])
    assert rules == (("/files/Annual Report.pdf", "/files/annual-report.pdf"),)
    text = nginx_map(rules, FILE, "redirects.nginx.map")
    assert "map $uri $redirect_to {" in text and "include /path/to/the/site/redirects.nginx.map;" in text
    assert "if ($redirect_to) { return 301 $redirect_to; }" in text
    assert text.splitlines()[-1] == '"/files/Annual Report.pdf" "/files/annual-report.pdf";'
    assert all(line.startswith(("#", '"')) for line in text.splitlines())


def test_nginx_strings_escape_quotes_and_backslashes():
    assert nginx_string('/a"b\\c') == '"/a\\"b\\\\c"'


QUOTED = r'"(?:[^"\\]|\\.)*"'


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.sampled_from(ATTACKS), st.text(max_size=30)),
    st.one_of(st.sampled_from(ATTACKS), st.text(max_size=30)),
    st.sampled_from(["", "/", "/blog/", "/%22", "/%24host%3B", "/a%20b/"]),
)
def test_whatever_a_row_holds_the_published_lines_keep_their_shape(old, new, start):
    count_tried("redirect rows")
    text = f"old,new\n{csv_field(start + old)},{csv_field(new)}\n"
    redirects, problems = read_redirects(text, FILE)
    for problem in problems:
        assert "\n" not in str(problem) and problem.path == FILE
    for line in redirects_file(netlify_rules(redirects), FILE).splitlines()[1:]:
        assert len(line.split()) == 3 and line.endswith(" 301") and line.isprintable()
    for line in nginx_map(nginx_rules(redirects), FILE, "map").splitlines()[7:]:
        assert re.fullmatch(rf"{QUOTED} {QUOTED};", line), line
        assert "$" not in line.split('" "')[1], "no variable in a value"


def csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


# --- against the files a build writes ------------------------------------------------------

SITE = WrittenSite(
    files={
        "index.html": "the index page",
        "blog/index.html": "the listing page",
        "blog/peer-challenge-works/index.html": "content/blog/peer.md",
        "about/index.html": "content/pages/about.md",
        "files/report-2023.pdf": "the file content/files/report-2023.pdf",
        "sitemap.xml": "the sitemap",
    },
    folders={"theme": "the theme's files", "pagefind": "the search index"},
    unwritten={"blog/not-yet/index.html": "content/blog/not-yet.md, which this build does not publish yet"},
)


def checked(*rows: str):
    redirects, problems = read(*rows)
    assert problems == []
    return check_against_site(redirects, SITE, FILE)


def test_redirects_to_pages_and_files_the_build_writes_are_published():
    published, left_out, problems = checked(
        "/blog/article/peer,/blog/peer-challenge-works/",
        "/b,/blog/peer-challenge-works/index.html",
        "/assets/report.pdf,/files/report-2023.pdf",
        "/home,/",
    )
    assert (len(published), left_out, problems) == (4, 0, [])


def test_a_redirect_to_an_item_this_build_leaves_out_waits_for_it():
    published, left_out, problems = checked("/old-draft,/blog/not-yet/", "/a,/about/")
    assert [redirect.old for redirect in published] == ["/a"]
    assert (left_out, problems) == (1, [])


def test_an_unknown_new_address_is_refused_with_a_suggestion():
    published, _, problems = checked("/a,/blog/peer-challenge-work/", "/b,/nowhere-at-all/")
    assert published == []
    assert [(problem.line, problem.field) for problem in problems] == [(2, "new"), (3, "new")]
    assert "Did you mean '/blog/peer-challenge-works/'?" in problems[0].message
    assert "Did you mean" not in problems[1].message


def test_a_page_address_without_its_slash_is_not_a_page():
    _, _, problems = checked("/a,/about")
    assert "Did you mean '/about/'?" in problems[0].message


@pytest.mark.parametrize(
    ("old", "named"),
    [
        ("/blog/peer-challenge-works", "content/blog/peer.md (blog/peer-challenge-works/index.html)"),
        ("/Blog/Peer-Challenge-Works", "content/blog/peer.md"),
        ("/about", "content/pages/about.md"),
        ("/files/report-2023.pdf", "the file content/files/report-2023.pdf"),
        ("/sitemap.xml", "the sitemap"),
        ("/sitemap.xml/old", "the sitemap (sitemap.xml)"),
        ("/theme/css/site.css", "the theme's files (theme/)"),
        ("/pagefind", "the search index (pagefind/)"),
        ("/blog/not-yet", "content/blog/not-yet.md, which this build does not publish yet"),
    ],
)
def test_an_old_address_the_site_publishes_a_file_at_is_refused_naming_it(old, named):
    published, _, problems = checked(f"{old},/about/" if old != "/about" else "/about,/blog/")
    assert published == []
    assert len(problems) == 1 and (problems[0].line, problems[0].field) == (2, "old")
    assert named in problems[0].message, problems[0].message
    assert "Delete this line" in problems[0].fix
