"""The site's own listings, as plain data: kinds, regions, series, events and the home page.

Pelican builds category, tag, author and archive listings itself; this module
prepares the ones DESIGN.md adds. It works on any objects with the attributes
it names (kind, date, region, series, start, end), so tests need no build.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter


@dataclass
class Listing:
    """A named list of articles with its own address, e.g. one region's page."""

    name: str
    slug: str
    items: list = field(default_factory=list)


def newest_first(items: Iterable) -> list:
    """Newest first; equal dates by title then slug, so order never depends on file order."""
    return sorted(items, key=lambda item: (-item.date.timestamp(), item.title, item.slug))


def by_kind(articles: Iterable, kind: str) -> list:
    return newest_first(article for article in articles if article.kind == kind)


def by_name(articles: Iterable, attribute: str, names: Iterable[str], slugify) -> list[Listing]:
    """One listing per name, in the given order, each holding the articles whose attribute is it."""
    listings = {name: Listing(name, slugify(name)) for name in names}
    for article in articles:
        value = getattr(article, attribute, None)
        if value is not None:
            listings.setdefault(value, Listing(value, slugify(value))).items.append(article)
    for listing in listings.values():
        listing.items = newest_first(listing.items)
    return list(listings.values())


def split_events(events: Iterable, now: datetime.datetime) -> tuple[list, list]:
    """Upcoming events (soonest first) and past events (latest first).

    An event is upcoming until it ends (or, with no End, until it starts).
    """

    def finish(event):
        return getattr(event, "end", None) or event.start

    timed = [event for event in events if getattr(event, "start", None)]
    upcoming = sorted((e for e in timed if finish(e) >= now), key=attrgetter("start", "slug"))
    past = sorted((e for e in timed if finish(e) < now), key=attrgetter("start", "slug"), reverse=True)
    return upcoming, past


def featured(articles: Iterable, series: str) -> object | None:
    """The newest article of the featured series, if any."""
    in_series = newest_first(article for article in articles if getattr(article, "series", None) == series)
    return in_series[0] if in_series else None
