"""The renderers of the files that are not HTML pages: Atom feeds, iCalendar files, the sitemap,
robots.txt, the redirects for hosts (`_redirects`, the nginx map), publications' citations
and the pictures shown where a page is shared.

A renderer is to its file what a template is to a page: it writes out its model
(models.py) and decides nothing, through the library or plain function that
knows the format: feedgenerator for Atom (as Pelican's own feed writer uses it),
plugins/events_calendar/ics.py (icalendar) for calendars, plugins/sitemap/sitemap.py
for the sitemap and robots.txt, plugins/redirects/redirects.py for the redirects. What a
file holds is worked out in feeds.py and redirects.py.

Each renderer's digest covers what its bytes depend on besides the model: this
module, the plain functions it calls, the libraries' versions and, for the
files that write times in a zone, the time zone database. So the writer's key
for a file (render.py) is sound, as a page's is.
"""

from __future__ import annotations

import datetime
import zoneinfo
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

from events_calendar import ics
from feedgenerator import Atom1Feed
from listings import publications
from redirects import redirects
from sharing import card
from sitemap import sitemap

from . import models as m
from .render import Renderer, code_digest


def atom(feed: m.Feed) -> bytes:
    """An Atom feed, written by feedgenerator as Pelican writes its own.

    feedgenerator takes dates as datetimes: the model's RFC 3339 texts, read back,
    are written exactly as they are.
    """
    document = DatedAtomFeed(
        updated=datetime.datetime.fromisoformat(feed.updated),
        title=feed.title,
        link=feed.link,
        feed_url=feed.feed_url,
        feed_guid=feed.id,
        description=feed.subtitle,
        subtitle=feed.subtitle or None,
    )
    for entry in feed.entries:
        document.add_item(
            unique_id=entry.id,
            title=entry.title,
            link=entry.link,
            pubdate=datetime.datetime.fromisoformat(entry.published),
            updateddate=datetime.datetime.fromisoformat(entry.updated),
            author_name=entry.author,
            description=entry.summary_html,
            content=entry.content_html,
            categories=entry.categories,
        )
    return document.writeString("utf-8").encode("utf-8")


class DatedAtomFeed(Atom1Feed):
    """feedgenerator's Atom feed, with the date its model gives it (feedgenerator's own
    would be the newest entry's, and the moment of writing for a feed with none)."""

    def __init__(self, updated: datetime.datetime, **fields):
        super().__init__(**fields)
        self.updated = updated

    def latest_post_date(self) -> datetime.datetime:
        return self.updated


def icalendar(calendar: m.CalendarFile) -> bytes:
    return ics.calendar_bytes(
        calendar.events,
        prodid=calendar.prodid,
        host=calendar.host,
        timezone=calendar.timezone,
        name=calendar.name,
    )


def sitemap_file(model: m.SitemapFile) -> bytes:
    return sitemap.urlset(model.entries, ZoneInfo(model.timezone))


def sitemap_index_file(model: m.SitemapIndexFile) -> bytes:
    return sitemap.sitemap_index(model.sitemaps, ZoneInfo(model.timezone))


def robots(model: m.RobotsFile) -> bytes:
    return sitemap.robots_txt(model.sitemap_url).encode("utf-8")


def redirects_file(model: m.RedirectsFile) -> bytes:
    return redirects.redirects_file(model.rules, model.source).encode("utf-8")


def nginx_map(model: m.NginxMapFile) -> bytes:
    return redirects.nginx_map(model.rules, model.source, model.name).encode("utf-8")


def bibtex_file(model: m.CitationFile) -> bytes:
    return publications.bibtex(model.reference).encode("utf-8")


def ris_file(model: m.CitationFile) -> bytes:
    return publications.ris(model.reference).encode("utf-8")


def sharing_card(model: m.SharingCard) -> bytes:
    return card.card_png(model.headline, model.label, model.colours)


def versions(*distributions: str) -> list[str]:
    return [f"{name} {version(name)}" for name in distributions]


def time_zone_database() -> str:
    """The release of the time zone rules Python reads (a calendar's VTIMEZONE and every
    offset come from them): the system's, where it has them, else the tzdata package's."""
    for folder in zoneinfo.TZPATH:
        index = Path(folder, "tzdata.zi")  # its first line: "# version 2025b"
        if index.is_file():
            with index.open(encoding="utf-8") as file:
                return f"time zones {file.readline().strip()}"
    return versions("tzdata")[0]


HERE = Path(__file__)
ATOM = Renderer("an Atom feed", atom, code_digest([HERE], versions("feedgenerator")))
ICALENDAR = Renderer(
    "an iCalendar file",
    icalendar,
    code_digest([HERE, ics.__file__], [*versions("icalendar"), time_zone_database()]),
)
SITEMAP = Renderer("the sitemap", sitemap_file, code_digest([HERE, sitemap.__file__], [time_zone_database()]))
SITEMAP_INDEX = Renderer(
    "the sitemap index", sitemap_index_file, code_digest([HERE, sitemap.__file__], [time_zone_database()])
)
ROBOTS = Renderer("robots.txt", robots, code_digest([HERE, sitemap.__file__], []))
REDIRECTS = Renderer("the _redirects file", redirects_file, code_digest([HERE, redirects.__file__], []))
NGINX_MAP = Renderer("the nginx redirects map", nginx_map, code_digest([HERE, redirects.__file__], []))
BIBTEX = Renderer("a BibTeX citation", bibtex_file, code_digest([HERE, publications.__file__], []))
RIS = Renderer("an RIS citation", ris_file, code_digest([HERE, publications.__file__], []))
SHARING_CARD = Renderer(
    "a sharing image",
    sharing_card,
    code_digest([HERE, card.__file__], card.versions()),
)
