"""Atom feeds of the production build: every feed valid, one per category, tag and region.

Each feed is read twice, by an XML parser (the structure Atom requires) and by
feedparser (what readers' apps see).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests.conftest import REPO, SITEURL, Site, post

ATOM = "{http://www.w3.org/2005/Atom}"
W3C_DATETIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"  # what Pelican writes: seconds and offset


def feeds_of(site: Site) -> dict[str, object]:
    """Every feed the build wrote, by address below the site root."""
    folder = site.output / "feeds"
    return {f"feeds/{path.relative_to(folder).as_posix()}": path for path in sorted(folder.rglob("*.xml"))}


def listing_links(site: Site, url: str) -> set[str]:
    """The item addresses on every page of a listing."""
    links, page = set(), url
    while page:
        soup = site.page(page)
        links |= {a["href"] for a in soup.select("main .item-title a")}
        following = soup.select_one('a[rel="next"]')
        page = following["href"].removeprefix(SITEURL) if following else None
    return links


def check_feed(site: Site, address: str, path) -> list:
    """Everything Atom and the issue ask of one feed; its entries, as feedparser reads them."""
    root = ET.parse(path).getroot()  # well-formed, or this raises
    assert root.tag == f"{ATOM}feed", address
    for field in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{field}") or "").strip(), (address, field)
    self_links = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_links == [f"{SITEURL}/{address}"], address
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        title = entry.findtext(f"{ATOM}title")
        assert (title or "").strip(), address
        for field in ("id", "updated"):
            assert (entry.findtext(f"{ATOM}{field}") or "").strip(), (address, title, field)
        assert re.fullmatch(W3C_DATETIME, entry.findtext(f"{ATOM}updated")), title
        assert (entry.findtext(f"{ATOM}author/{ATOM}name") or "").strip(), (address, title, "author")
        links = [link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert len(links) == 1 and links[0].startswith(f"{SITEURL}/"), (address, title, links)
        page = site.output / links[0].removeprefix(f"{SITEURL}/") / "index.html"
        assert page.is_file(), (address, links[0])
        # A stable id: a tag: URI made of the address and the date, the same on every build.
        path_part = links[0].removeprefix(SITEURL)
        host = re.escape(SITEURL.removeprefix("https://"))
        stable_id = rf"tag:{host},\d{{4}}-\d\d-\d\d:{re.escape(path_part)}"
        assert re.fullmatch(stable_id, entry.findtext(f"{ATOM}id")), (address, title)
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), address

    parsed = feedparser.parse(str(path))
    assert not parsed.bozo, (address, parsed.get("bozo_exception"))
    assert parsed.version == "atom10", address
    assert len(parsed.entries) == len(ids), address
    for entry in parsed.entries:
        assert entry.id and entry.title and entry.updated_parsed, address
        assert entry.link.startswith(f"{SITEURL}/"), address
        assert entry.author, (address, entry.title)
    return parsed.entries


def test_every_feed_is_valid_atom_with_complete_entries(example):
    feeds = feeds_of(example)
    assert "feeds/all.atom.xml" in feeds
    for address, path in feeds.items():
        check_feed(example, address, path)


def test_the_all_feed_has_every_published_article(example):
    entries = check_feed(example, "feeds/all.atom.xml", feeds_of(example)["feeds/all.atom.xml"])
    links = {entry.link for entry in entries}
    for section in ("/blog/", "/regional-updates/", "/publications/"):
        assert listing_links(example, section) <= links, section


@pytest.mark.parametrize(
    "kind, slug",
    [
        ("category", "inspection-improvement"),
        ("category", "general"),
        ("tag", "peer-challenge"),
        ("region", "north-west"),
    ],
)
def test_a_listing_and_its_feed_have_the_same_articles_and_link_each_other(example, kind, slug):
    address = f"feeds/{kind}/{slug}.atom.xml"
    feed_url = f"{SITEURL}/{address}"
    entries = check_feed(example, address, example.output / address)
    assert entries
    assert {entry.link for entry in entries} == listing_links(example, f"/{kind}/{slug}/")
    soup = example.page(f"/{kind}/{slug}/")
    alternate = soup.select_one(f'head link[rel="alternate"][type="application/atom+xml"][href="{feed_url}"]')
    assert alternate is not None and alternate.get("title"), "the feed is announced in the page's head"
    visible = soup.select_one(f'main a[href="{feed_url}"]')
    assert visible is not None and "feed" in visible.get_text().lower(), "and linked where readers see it"


def test_a_region_feed_holds_only_that_regions_updates(example):
    address = "feeds/region/north-west.atom.xml"
    entries = check_feed(example, address, example.output / address)
    in_region = re.compile(r"^Region:\s*North West\s*$", re.MULTILINE | re.IGNORECASE)
    sources = (REPO / "content").rglob("*.md")
    written = [path for path in sources if in_region.search(path.read_text(encoding="utf-8"))]
    assert len(entries) == len(written) >= 2
    for entry in entries:
        page = example.page(entry.link.removeprefix(SITEURL))
        regions = {a["href"] for a in page.select('main a[href*="/region/"]')}
        assert regions == {f"{SITEURL}/region/north-west/"}, entry.link


def test_every_region_tag_and_category_listing_has_its_feed(example):
    """Every listing with items has a feed; an empty region's listing has neither feed nor link."""
    feeds = feeds_of(example)
    for kind in ("category", "tag", "region"):
        pages = sorted((example.output / kind).glob("*/index.html"))
        listings = [
            path.parent.name
            for path in pages
            if example.page(f"/{kind}/{path.parent.name}/").select(".item-list li")
        ]
        empty = [path.parent.name for path in pages if path.parent.name not in listings]
        assert listings, kind
        for name in empty:
            assert not example.page(f"/{kind}/{name}/").select(
                'link[type="application/atom+xml"][title*="Region"]'
            ), name
        prefix = f"feeds/{kind}/"
        slugs = [name[len(prefix) : -len(".atom.xml")] for name in feeds if name.startswith(prefix)]
        assert sorted(slugs) == listings, kind


def test_development_builds_write_no_feeds(site):
    site.write("blog/one.md", post("One post", tags="shared", region="North West"))
    assert site.build().returncode == 0
    assert not (site.output / "feeds").exists()
    assert not site.page("/region/north-west/").select('link[type="application/atom+xml"]')


def test_drafts_hidden_and_future_posts_are_in_no_feed_and_not_in_the_sitemap(site, monkeypatch):
    """Also: SITEURL comes from the environment, and an item with no author is the association's."""
    monkeypatch.setenv("SITEURL", "https://news.acsd.test")
    tomorrow = "2099-01-01"
    common = {"tags": "shared", "region": "North West", "category": "Leadership"}
    site.write("blog/visible.md", post("Visible post", **common))
    site.write("blog/draft.md", post("Draft post", status="draft", **common))
    site.write("blog/hidden.md", post("Hidden post", status="hidden", **common))
    site.write("blog/future.md", post("Future post", date=tomorrow, **common))
    site.write("pages/hidden-page.md", "Title: Hidden page\nStatus: hidden\n\nBody\n")
    site.write("pages/draft-page.md", "Title: Draft page\nStatus: draft\n\nBody\n")
    site.write(
        "events/draft-event.md", "Title: Draft event\nStart: 2030-01-01 10:00\nStatus: draft\n\nBody\n"
    )
    site.write(
        "publications/report.md",
        "Title: A corporate report\nDate: 2026-02-01\nCategory: Leadership\nType: Report\n"
        "Link: https://example.com/report.pdf\n\nBody.\n",
    )
    result = site.build(production=True)
    assert result.returncode == 0, result.stderr
    assert (site.output / "blog/hidden-post/index.html").is_file(), "a hidden post keeps its address"

    feeds = feeds_of(site)
    assert {
        "feeds/all.atom.xml",
        "feeds/tag/shared.atom.xml",
        "feeds/region/north-west.atom.xml",
        "feeds/category/leadership.atom.xml",
    } <= set(feeds)
    for address, path in feeds.items():
        text = path.read_text(encoding="utf-8")
        for slug in ("draft-post", "hidden-post", "future-post"):
            assert slug not in text, (address, slug)
        for title in ("Draft post", "Hidden post", "Future post"):
            assert title not in text, (address, title)
        root = ET.parse(path).getroot()
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"https://news.acsd.test/{address}"
    all_feed = feedparser.parse(str(feeds["feeds/all.atom.xml"]))
    by_title = {entry.title: entry for entry in all_feed.entries}
    assert set(by_title) == {"Visible post", "A corporate report"}
    assert by_title["A corporate report"].author == "Association of Children's Services Directors"
    assert by_title["Visible post"].link == "https://news.acsd.test/blog/visible-post/"

    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://news.acsd.test/blog/visible-post/</loc>" in sitemap
    left_out = ("draft-post", "hidden-post", "future-post", "hidden-page", "draft-page", "draft-event", "404")
    for slug in left_out:
        assert slug not in sitemap, slug
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://news.acsd.test/sitemap.xml" in robots
