"""Redirects from content/data/redirects.csv through real builds: `_redirects`, the nginx map and the
redirect pages of a production build, and the rows every build and `invoke check` refuse."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, SITEURL, Site, post, snapshot
from tests.sites.test_html_valid import VNU, describe

REDIRECTS = """\
old,new
/blog/article/peer-challenge-works,/blog/peer-challenge-works/
/blog/P50,/blog/
/assets/files/report-2023.pdf,/files/report-2023.pdf
/old/About%20Us.html,/about/
/coming-soon,/blog/not-yet/
"""


def small_site(site: Site) -> Site:
    site.write("blog/peer.md", post("Peer challenge works", body="Peer challenge is how we improve."))
    site.write("blog/later.md", post("Not yet", status="draft"))
    site.write("pages/about.md", "Title: About\n\nAbout the association.\n")
    (site.content / "files").mkdir(parents=True, exist_ok=True)
    (site.content / "files" / "report-2023.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    site.write("data/redirects.csv", REDIRECTS)
    return site


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> Site:
    site = small_site(Site(tmp_path_factory.mktemp("redirects") / "site"))
    result = site.build(production=True)
    assert result.returncode == 0, result.stderr
    return site


def soup(site: Site, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site.output / relative).read_text(encoding="utf-8"), "html.parser")


def test_redirects_file_has_every_variant_sorted(production):
    lines = (production.output / "_redirects").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Made by the build from content/data/redirects.csv")
    assert lines[1:] == [
        "/assets/files/report-2023.pdf /files/report-2023.pdf 301",
        "/blog/P50 /blog/ 301",
        "/blog/P50/ /blog/ 301",
        "/blog/P50/index.html /blog/ 301",
        "/blog/article/peer-challenge-works /blog/peer-challenge-works/ 301",
        "/blog/article/peer-challenge-works/ /blog/peer-challenge-works/ 301",
        "/blog/article/peer-challenge-works/index.html /blog/peer-challenge-works/ 301",
        "/old/About%20Us.html /about/ 301",
    ], "the redirect to a draft waits for the build that publishes it"


def test_the_nginx_map_has_one_quoted_line_per_variant(production):
    lines = (production.output / "redirects.nginx.map").read_text(encoding="utf-8").splitlines()
    assert "#     map $uri $redirect_to {" in lines
    assert "#     if ($redirect_to) { return 301 $redirect_to; }" in lines
    entries = [line for line in lines if not line.startswith("#")]
    assert len(entries) == 8
    assert '"/blog/P50/" "/blog/";' in entries
    assert '"/old/About Us.html" "/about/";' in entries, "keys are decoded, as nginx's $uri is"


def test_a_redirect_page_sends_readers_and_search_engines_to_the_new_address(production):
    page = soup(production, "blog/article/peer-challenge-works/index.html")
    target = f"{SITEURL}/blog/peer-challenge-works/"
    assert page.html["lang"] == "en-GB"
    assert page.title.string.startswith("This page has moved")
    assert page.find("link", rel="canonical")["href"] == target
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert [h1.get_text() for h1 in page.find_all("h1")] == ["This page has moved"]
    links = page.find("main").find_all("a")
    assert [(link["href"], link.get_text()) for link in links] == [(target, target)]
    assert not page.find("script") and not page.find("link", rel="stylesheet") and not page.find("img")
    assert not page.select("[data-pagefind-body]")
    assert (production.output / "blog/peer-challenge-works/index.html").is_file()


def test_an_old_html_page_gets_its_page_at_itself_and_an_old_pdf_none(production):
    page = soup(production, "old/About Us.html")
    assert page.find("link", rel="canonical")["href"] == f"{SITEURL}/about/"
    assert not (production.output / "assets").exists()
    assert not (production.output / "coming-soon").exists()


def test_redirect_pages_are_valid_html(production):
    """The example site has no redirects file, so test_html_valid.py does not see these pages."""
    redirect_pages = ("blog/article/peer-challenge-works/index.html", "old/About Us.html")
    pages = [production.output / path for path in redirect_pages]
    java = shutil.which("java")
    assert java and VNU.is_file(), "the Nu Html Checker needs java and vnu-jar: run ./setup.sh"
    command = [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)]
    checked = subprocess.run(command, capture_output=True, text=True, timeout=300, encoding="utf-8")
    messages = json.loads(checked.stderr)["messages"]
    assert not messages, "\n".join(describe(message, production.output) for message in messages)


def test_redirect_pages_are_in_no_sitemap_and_no_search_index(production):
    root = ET.parse(production.output / "sitemap.xml").getroot()
    listed = {element.text for element in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"{SITEURL}/blog/peer-challenge-works/" in listed
    assert not [address for address in listed if "article" in address or "About" in address]
    indexable = [
        path
        for path in production.output.rglob("*.html")
        if BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("[data-pagefind-body]")
    ]
    entry = json.loads((production.output / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(indexable) == 2  # the post and the page


def test_a_development_build_links_relatively_and_redirects_to_its_drafts(tmp_path):
    site = small_site(Site(tmp_path / "site"))
    assert site.build().returncode == 0
    page = soup(site, "coming-soon/index.html")
    assert page.find("link", rel="canonical")["href"] == "../blog/not-yet/"
    assert page.find("a")["href"] == "../blog/not-yet/" and page.find("a").get_text() == "/blog/not-yet/"
    assert "/coming-soon /blog/not-yet/ 301" in (site.output / "_redirects").read_text(encoding="utf-8")


def test_redirect_pages_false_writes_the_files_but_no_pages(tmp_path):
    site = small_site(Site(tmp_path / "site", extra_settings="REDIRECT_PAGES = False\n"))
    assert site.build().returncode == 0
    assert "/blog/P50/ /blog/ 301" in (site.output / "_redirects").read_text(encoding="utf-8")
    assert (site.output / "redirects.nginx.map").is_file()
    assert not (site.output / "blog/article").exists() and not (site.output / "old").exists()


# --- refused rows -------------------------------------------------------------------------


def failed_build(site: Site, rows: str, production: bool = False) -> list[str]:
    """The problem lines of a build after `rows` are added to the redirects file; it must fail and
    leave the last good output as it was."""
    before = snapshot(site.output)
    site.write("data/redirects.csv", REDIRECTS + rows)
    result = site.build(production=production)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert "the previous output folder is unchanged" in result.stderr
    assert snapshot(site.output) == before
    return [line.strip() for line in result.stderr.splitlines() if line.startswith("  content/")]


@pytest.fixture
def built(tmp_path) -> Site:
    site = small_site(Site(tmp_path / "site"))
    assert site.build().returncode == 0
    return site


def test_a_chain_and_a_bad_address_are_refused_by_line_with_the_other_problems(built):
    built.write("blog/typo.md", post("Typo", category="Leadershp"))
    problems = failed_build(built, "/older-still,/blog/P50\n/a;b,/about/\n")
    assert problems[0].startswith("content/blog/typo.md:3: Category 'Leadershp'")
    assert problems[1].startswith(
        "content/data/redirects.csv:7: New address '/blog/P50' is an old address itself: line 3 redirects it"
    )
    assert problems[2].startswith("content/data/redirects.csv:8: Old address '/a;b' holds ';'.")
    assert len(problems) == 3


def test_a_shadowing_row_and_an_unknown_target_are_refused_by_line(built):
    problems = failed_build(built, "/Search,/blog/\n/old-news,/blog/peer-chalenge-works/\n")
    assert problems == [
        "content/data/redirects.csv:7: Old address '/Search' is where the site publishes the search page "
        "(search/index.html): the redirect would hide it, or never be followed. Delete this line: the old "
        "address belongs to the new site.",
        "content/data/redirects.csv:8: New address '/blog/peer-chalenge-works/' is not a page or file of the "
        "site. Did you mean '/blog/peer-challenge-works/'? Correct it: a page's address ends with '/' "
        "(/blog/my-post/); a file's is its path (/files/report.pdf).",
    ]


def check_problems(site: Site) -> list[dict]:
    """`invoke check --json`'s problems for `site`, which must have some."""
    command = [sys.executable, "-m", "sitebuild.check", "--project", str(site.root), "--json"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, encoding="utf-8")
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)["problems"]


def test_invoke_check_reports_the_files_own_rules(built):
    built.write("data/redirects.csv", REDIRECTS + "/older-still,/blog/P50/\n")
    problems = check_problems(built)
    assert [(problem["path"], problem["line"], problem["field"]) for problem in problems] == [
        ("content/data/redirects.csv", 7, "new")
    ]


def test_invoke_check_also_refuses_what_only_the_built_site_shows(built):
    """A redirect hiding a page, or to no page, failed the build while invoke check passed."""
    built.write("data/redirects.csv", REDIRECTS + "/Search,/blog/\n/old-news,/blog/peer-chalenge-works/\n")
    problems = check_problems(built)
    assert [(problem["line"], problem["field"], problem["value"]) for problem in problems] == [
        (7, "old", "/Search"),
        (8, "new", "/blog/peer-chalenge-works/"),
    ]
    assert "Did you mean '/blog/peer-challenge-works/'?" in problems[1]["message"]
