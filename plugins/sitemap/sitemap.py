"""The sitemap and robots.txt as plain data and text: no Pelican, so tests need no build.

A `Sitemap` is told about every HTML page the build writes (`add`), with the
item it shows (an article, page or event) or the items it lists (a listing,
the home page, an index); `entries()` turns that into sorted (address,
last-modified) pairs, `split_into_files()` shares them out between files, and
`urlset()`, `sitemap_index()` and `robots_txt()` write the files.
sitebuild/pages/feeds.py tells it about the build's page tasks.

Why not the `pelican-sitemap` plugin from PyPI: it dates every listing with
the time of the build (so no two builds are byte-identical, and a listing
looks changed when nothing in it did), it lists the 404 page unless told
not to, writes relative addresses when SITEURL is empty, and writes no
robots.txt. What it does well is kept: every page written is listed (so
listings from any plugin, and page N of every listing, are in), drafts and
hidden items are left out, and entries are sorted by address.
"""

from __future__ import annotations

import datetime
import fnmatch
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000  # the sitemaps.org limit for one file; beyond it sitemap.xml becomes an index


@dataclass(frozen=True)
class Entry:
    """One <url>: an absolute address and when its page last changed (None if unknown)."""

    loc: str
    lastmod: datetime.datetime | None


def is_absolute(siteurl: str) -> bool:
    """True for an http(s) address with a host, such as https://www.example.org."""
    parts = urlsplit(siteurl or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def address(saved_as: str) -> str:
    """The address below the site root of a file saved at `saved_as` ('blog/x/index.html' -> 'blog/x/')."""
    path = saved_as.replace("\\", "/").lstrip("/")
    folder, name = posixpath.split(path)
    if name == "index.html":
        path = f"{folder}/" if folder else ""
    return quote(path, safe="/-._~")


def absolute(siteurl: str, relative: str) -> str:
    return f"{siteurl.rstrip('/')}/{relative}"


def published(item) -> bool:
    """Drafts and hidden items are written (hidden ones at their address) but never listed."""
    return getattr(item, "status", "published") == "published"


def dated(item) -> datetime.datetime | None:
    """An item's own date: its Modified, else its Date (pages and events usually have neither)."""
    return getattr(item, "modified", None) or getattr(item, "date", None)


def newest(dates: Iterable[datetime.datetime | None]) -> datetime.datetime | None:
    known = [date for date in dates if date is not None]
    return max(known) if known else None


def w3c_datetime(moment: datetime.datetime, zone: datetime.tzinfo) -> str:
    """W3C Datetime with seconds and offset, e.g. 2026-11-18T08:00:00+00:00 (naive times are in `zone`)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.replace(microsecond=0).isoformat()


@dataclass
class _Written:
    saved_as: str
    item: object | None
    listed: Sequence  # kept as given, not copied: all pages of one listing share one list


class Sitemap:
    """Collects the pages a build wrote; `entries` says which to list and when each last changed.

    `exclude` holds glob patterns of saved paths never listed (the 404 page).
    """

    def __init__(self, siteurl: str, exclude: Iterable[str] = ()):
        self.siteurl = siteurl
        self.exclude = list(exclude)
        self._written: dict[str, _Written] = {}

    def add(self, saved_as: str, item=None, listed: Sequence = ()) -> None:
        """A page the build wrote: the item it shows, or else the items it lists."""
        self._written[saved_as] = _Written(saved_as, item, listed)

    def _listed(self, page: _Written) -> bool:
        return (
            page.saved_as.endswith(".html")
            and (page.item is None or published(page.item))
            and not any(fnmatch.fnmatch(page.saved_as, pattern) for pattern in self.exclude)
        )

    def entries(self) -> list[Entry]:
        """Every listed page, sorted by address.

        An item's page changed at its Modified, else its Date, else (a page or an
        event without either) at the newest date of the whole site: never at its
        file's modification time, which a checkout sets to the moment of cloning,
        so two builds of the same content would differ. A listing changed with the
        newest item it lists, so all its pages (page N too) share that date; pages rendered with the whole site's
        articles (home, indexes, archive, search, events) get the newest article.
        A listing with no dated item takes the newest date of the whole site.
        """
        pages = [page for page in self._written.values() if self._listed(page)]
        site_newest = newest(dated(page.item) for page in pages if page.item is not None)
        listing_newest: dict[int, datetime.datetime | None] = {}  # by list: page N shares page 1's
        entries = []
        for page in pages:
            if page.item is not None:
                lastmod = dated(page.item) or site_newest
            else:
                key = id(page.listed)
                if key not in listing_newest:
                    listing_newest[key] = newest(dated(item) for item in page.listed if published(item))
                lastmod = listing_newest[key] or site_newest
            entries.append(Entry(absolute(self.siteurl, address(page.saved_as)), lastmod))
        return sorted(entries, key=lambda entry: entry.loc)


def urlset(entries: Sequence[Entry], zone: datetime.tzinfo) -> bytes:
    """A sitemap file: a <urlset> of `entries` in the order given."""
    root = ET.Element(f"{{{NAMESPACE}}}urlset")
    for entry in entries:
        url = ET.SubElement(root, f"{{{NAMESPACE}}}url")
        ET.SubElement(url, f"{{{NAMESPACE}}}loc").text = entry.loc
        if entry.lastmod is not None:
            ET.SubElement(url, f"{{{NAMESPACE}}}lastmod").text = w3c_datetime(entry.lastmod, zone)
    return _serialise(root)


def sitemap_index(sitemaps: Sequence[Entry], zone: datetime.tzinfo) -> bytes:
    """A sitemap index: a <sitemapindex> of sitemap files, each with its address and newest date."""
    root = ET.Element(f"{{{NAMESPACE}}}sitemapindex")
    for part in sitemaps:
        sitemap = ET.SubElement(root, f"{{{NAMESPACE}}}sitemap")
        ET.SubElement(sitemap, f"{{{NAMESPACE}}}loc").text = part.loc
        if part.lastmod is not None:
            ET.SubElement(sitemap, f"{{{NAMESPACE}}}lastmod").text = w3c_datetime(part.lastmod, zone)
    return _serialise(root)


def _serialise(root: ET.Element) -> bytes:
    ET.register_namespace("", NAMESPACE)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def split_into_files(
    entries: list[Entry], saved_as: str, siteurl: str, max_urls: int = MAX_URLS
) -> tuple[dict[str, list[Entry]], list[Entry]]:
    """Which file lists which entries: `saved_as` lists them all, or, past `max_urls` addresses,
    `<name>-1.xml`, `<name>-2.xml`... list `max_urls` each and `saved_as` is their index.

    The files to write, by saved path, with their entries; and the index's entries (each
    file's address and newest date), empty when `saved_as` lists every address itself.
    """
    if len(entries) <= max_urls:
        return {saved_as: entries}, []
    stem, extension = posixpath.splitext(saved_as)
    files: dict[str, list[Entry]] = {}
    index = []
    for number, start in enumerate(range(0, len(entries), max_urls), start=1):
        chunk = entries[start : start + max_urls]
        name = f"{stem}-{number}{extension}"
        files[name] = chunk
        index.append(Entry(absolute(siteurl, address(name)), newest(entry.lastmod for entry in chunk)))
    return files, index


def robots_txt(sitemap_url: str) -> str:
    """Every crawler may read everything; the sitemap says where it all is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
