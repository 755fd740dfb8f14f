"""/sitemap.xml and /robots.txt of the production build, checked against the pages actually built."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import feedparser

from tests.conftest import REPO, SITEURL, Site, post

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
W3C_DATETIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"


def sitemap_of(site: Site) -> dict[str, str]:
    """Each <loc> of the sitemap with its <lastmod>, in file order."""
    root = ET.parse(site.output / "sitemap.xml").getroot()
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = root.findall("s:url", NS)
    return {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS) for url in urls}


def built_pages(site: Site) -> set[str]:
    """The address of every HTML page in output/ (folders' index.html as the folder)."""
    pages = set()
    for path in site.output.rglob("*.html"):
        relative = path.relative_to(site.output).as_posix()
        pages.add(f"{SITEURL}/{relative.removesuffix('index.html')}")
    return pages


def test_the_sitemap_lists_exactly_the_pages_built_except_the_404(example):
    entries = sitemap_of(example)
    built = built_pages(example)
    assert f"{SITEURL}/404.html" in built
    assert set(entries) == built - {f"{SITEURL}/404.html"}
    assert list(entries) == sorted(entries), "sorted by address"
    for kind_of_page in (
        "/",
        "/blog/",
        "/regional-updates/",
        "/events/",
        "/publications/",
        "/about/",
        "/search/",
        "/category/",
        "/tag/peer-challenge/",
        "/region/north-west/",
        "/author/",
        "/series/presidents-blog/",
        "/archive/",
        "/archive/2025/",
        "/region/",
        "/events/annual-conference-2027/",
    ):
        assert f"{SITEURL}{kind_of_page}" in entries, kind_of_page


def test_every_address_is_absolute_and_dated(example):
    for loc, lastmod in sitemap_of(example).items():
        assert loc.startswith(f"{SITEURL}/"), loc
        assert lastmod and re.fullmatch(W3C_DATETIME, lastmod), (loc, lastmod)
        datetime.datetime.fromisoformat(lastmod)


def test_no_draft_is_listed(example):
    is_draft = re.compile(r"^Status:\s*draft", re.MULTILINE | re.IGNORECASE)
    sources = (REPO / "content").rglob("*.md")
    drafts = [path for path in sources if is_draft.search(path.read_text(encoding="utf-8"))]
    assert drafts, "the example content has a draft"
    text = (example.output / "sitemap.xml").read_text(encoding="utf-8")
    for path in drafts:
        title = re.search(r"^Title:\s*(.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower().replace("'", "")).strip("-")
        assert slug not in text, slug


def test_items_are_dated_by_their_date_and_listings_by_their_newest_item(example):
    entries = sitemap_of(example)
    newest = feedparser.parse(str(example.output / "feeds/all.atom.xml")).entries[0]
    assert entries[newest.link] == newest.updated
    assert entries[f"{SITEURL}/"] == newest.updated, "the home page changed with the newest article"
    region = feedparser.parse(str(example.output / "feeds/region/north-west.atom.xml")).entries
    assert entries[f"{SITEURL}/region/north-west/"] == max(entry.updated for entry in region)


def test_robots_txt_lets_crawlers_in_and_points_to_the_sitemap(example):
    lines = (example.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert f"Sitemap: {SITEURL}/sitemap.xml" in lines


def test_two_builds_write_the_same_sitemap_and_feeds_byte_for_byte(example, tmp_path):
    again = Site(tmp_path, content=REPO / "content")
    assert again.build(production=True).returncode == 0
    assert (again.output / "sitemap.xml").read_bytes() == (example.output / "sitemap.xml").read_bytes()
    assert (again.output / "robots.txt").read_bytes() == (example.output / "robots.txt").read_bytes()
    # Feeds too (stable ids and dates), but for a feed with no entries: Pelican dates it with the build time.
    for path in (example.output / "feeds").rglob("*.xml"):
        if feedparser.parse(str(path)).entries:
            twin = again.output / path.relative_to(example.output)
            assert twin.read_bytes() == path.read_bytes(), path.name


def test_page_n_of_every_listing_is_listed(tmp_path):
    site = Site(tmp_path / "paged", extra_settings="DEFAULT_PAGINATION = 1\n")
    for number in (1, 2, 3):
        site.write(
            f"blog/post-{number}.md",
            post(f"Post {number}", date=f"2026-03-0{number}", tags="shared", region="London", series="Notes"),
        )
    assert site.build(production=True).returncode == 0
    entries = sitemap_of(site)
    assert set(entries) == built_pages(site) - {f"{SITEURL}/404.html"}
    listings = (
        "blog/",
        "tag/shared/",
        "region/london/",
        "series/notes/",
        "category/general/",
        "author/ann-example/",
    )
    for listing in listings:
        for page in (2, 3):
            assert f"{SITEURL}/{listing}page/{page}/" in entries, (listing, page)
    newest_post = entries[f"{SITEURL}/blog/post-3/"]
    assert entries[f"{SITEURL}/tag/shared/"] == entries[f"{SITEURL}/tag/shared/page/3/"] == newest_post


def test_development_builds_write_no_sitemap_and_no_robots(site):
    site.write("blog/one.md", post("One post"))
    assert site.build().returncode == 0
    assert (site.output / "blog/one-post/index.html").is_file()
    assert not (site.output / "sitemap.xml").exists()
    assert not (site.output / "robots.txt").exists()
