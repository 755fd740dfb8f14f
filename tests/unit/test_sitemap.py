"""The sitemap's rules as plain functions: which pages are listed, their dates, the files."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sitemap.sitemap import (
    NAMESPACE,
    Entry,
    Sitemap,
    address,
    is_absolute,
    robots_txt,
    sitemap_index,
    split_into_files,
    urlset,
    w3c_datetime,
)

LONDON = ZoneInfo("Europe/London")
SITE = "https://www.example.org"
NS = {"s": NAMESPACE}


def when(day: int, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 9, 30, tzinfo=LONDON)


def item(slug, *, date=None, modified=None, status="published", source=None):
    fields = {"slug": slug, "status": status, "source_path": source}
    if date:
        fields["date"] = date
    if modified:
        fields["modified"] = modified
    return SimpleNamespace(**fields)


def test_addresses_are_folders_without_index_html():
    assert address("index.html") == ""
    assert address("blog/my-post/index.html") == "blog/my-post/"
    assert address("tag/python/page/3/index.html") == "tag/python/page/3/"
    assert address("404.html") == "404.html"
    assert address("tag/café/index.html") == "tag/caf%C3%A9/"


def test_only_an_http_address_with_a_host_is_absolute():
    assert is_absolute("https://www.example.org")
    assert is_absolute("http://localhost:8000/site")
    assert not is_absolute("")
    assert not is_absolute("/site")
    assert not is_absolute("../..")


def test_dates_are_w3c_with_seconds_and_offset():
    assert w3c_datetime(datetime.datetime(2026, 7, 1, 9, 30, 15, 999), LONDON) == "2026-07-01T09:30:15+01:00"
    utc = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC)
    assert w3c_datetime(utc, LONDON) == "2026-01-05T08:00:00+00:00"


def test_items_are_dated_by_modified_then_date_then_the_newest_date_of_the_site():
    sitemap = Sitemap(SITE)
    sitemap.add("blog/old/index.html", item("old", date=when(1), modified=when(9)))
    sitemap.add("blog/new/index.html", item("new", date=when(5)))
    sitemap.add("about/index.html", item("about", source="pages/about.md"))
    assert sitemap.entries() == [
        Entry(f"{SITE}/about/", when(9)),  # never its file's modification time: a clone sets that
        Entry(f"{SITE}/blog/new/", when(5)),
        Entry(f"{SITE}/blog/old/", when(9)),
    ]


def test_a_site_with_no_date_at_all_lists_its_pages_undated():
    sitemap = Sitemap(SITE)
    sitemap.add("contact/index.html", item("contact"))
    assert sitemap.entries() == [Entry(f"{SITE}/contact/", None)]


def test_a_listing_changed_with_its_newest_item_on_every_one_of_its_pages():
    a, b, c = item("a", date=when(1)), item("b", date=when(7)), item("c", date=when(3), modified=when(12))
    sitemap = Sitemap(SITE)
    for article in (a, b, c):
        sitemap.add(f"blog/{article.slug}/index.html", article)
    sitemap.add("tag/x/index.html", listed=[a, b])
    sitemap.add("tag/x/page/2/index.html", listed=[a, b])
    sitemap.add("index.html", listed=[a, b, c])
    sitemap.add("region/empty/index.html", listed=[])
    dates = {entry.loc: entry.lastmod for entry in sitemap.entries()}
    assert dates[f"{SITE}/tag/x/"] == dates[f"{SITE}/tag/x/page/2/"] == when(7)
    assert dates[f"{SITE}/"] == when(12)
    assert dates[f"{SITE}/region/empty/"] == when(12), "an empty listing takes the site's newest date"


def test_drafts_hidden_items_excluded_paths_and_other_files_stay_out():
    draft, hidden = item("d", date=when(1), status="draft"), item("h", date=when(2), status="hidden")
    shown = item("s", date=when(3))
    sitemap = Sitemap(SITE, exclude=["404.html", "private/*"])
    sitemap.add("blog/d/index.html", draft)
    sitemap.add("blog/h/index.html", hidden)
    sitemap.add("blog/s/index.html", shown)
    sitemap.add("404.html", listed=[shown])
    sitemap.add("private/notes/index.html", listed=[shown])
    sitemap.add("events/events.ics", listed=[shown])
    sitemap.add("tag/t/index.html", listed=[draft, hidden, shown])
    assert sitemap.entries() == [Entry(f"{SITE}/blog/s/", when(3)), Entry(f"{SITE}/tag/t/", when(3))]


def test_a_page_written_twice_is_listed_once():
    sitemap = Sitemap(SITE)
    sitemap.add("index.html", listed=[item("a", date=when(1))])
    sitemap.add("index.html", listed=[item("a", date=when(2))])
    assert sitemap.entries() == [Entry(f"{SITE}/", when(2))]


def test_the_sitemap_file_is_sitemaps_org_xml_sorted_as_given():
    entries = [Entry(f"{SITE}/", when(4)), Entry(f"{SITE}/about/", None)]
    assert split_into_files(entries, "sitemap.xml", SITE) == ({"sitemap.xml": entries}, [])
    data = urlset(entries, LONDON)
    root = ET.fromstring(data)
    assert root.tag == f"{{{NAMESPACE}}}urlset"
    urls = root.findall("s:url", NS)
    assert [url.findtext("s:loc", namespaces=NS) for url in urls] == [f"{SITE}/", f"{SITE}/about/"]
    assert urls[0].findtext("s:lastmod", namespaces=NS) == "2026-03-04T09:30:00+00:00"
    assert urls[1].find("s:lastmod", NS) is None
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=")


def test_past_the_limit_the_sitemap_becomes_an_index_of_parts():
    entries = [Entry(f"{SITE}/p{number}/", when(number)) for number in range(1, 6)]
    files, parts = split_into_files(entries, "sitemap.xml", SITE, max_urls=2)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    index = ET.fromstring(sitemap_index(parts, LONDON))
    assert index.tag == f"{{{NAMESPACE}}}sitemapindex"
    assert [s.findtext("s:loc", namespaces=NS) for s in index.findall("s:sitemap", NS)] == [
        f"{SITE}/sitemap-1.xml",
        f"{SITE}/sitemap-2.xml",
        f"{SITE}/sitemap-3.xml",
    ]
    first = index.findall("s:sitemap", NS)[0]
    assert first.findtext("s:lastmod", namespaces=NS) == "2026-03-02T09:30:00+00:00"
    last = ET.fromstring(urlset(files["sitemap-3.xml"], LONDON))
    assert [u.findtext("s:loc", namespaces=NS) for u in last.findall("s:url", NS)] == [f"{SITE}/p5/"]


def test_robots_lets_everyone_in_and_names_the_sitemap():
    assert robots_txt(f"{SITE}/sitemap.xml") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://www.example.org/sitemap.xml\n"
    )
