"""The files beside the pages, as models: Atom feeds, iCalendar files, the sitemap and robots.txt.

`feed_tasks` makes a task (build.Task) for each file, as `build.site_pages` does
for each page: where it goes, its renderer (renderers.py) in the place of a
template, and its model (models.py), which holds exactly what the file shows.
The one writer writes them with the pages, keyed the same way (render.py).

- Feeds (production only: publishconf.py sets FEED_ALL_ATOM, CATEGORY_FEED_ATOM,
  TAG_FEED_ATOM and REGION_FEED_ATOM; AUTHOR_FEED_ATOM is off): the newest
  FEED_MAX_ITEMS published articles, each entry made as Pelican's feed writer
  makes it, and an id of its own for each feed (Pelican gives every feed the
  site's address).
- Calendars: /events/events.ics holds every published event, and each event
  whose page is written has its own file, which its page links
  (EVENTS_CALENDAR_SAVE_AS, EVENT_CALENDAR_SAVE_AS).
- The sitemap and robots.txt, under an absolute SITEURL only (a sitemap's
  addresses must be absolute): every page task, listed and dated by
  plugins/sitemap/sitemap.py's rules (the item a page shows, or the items a
  listing lists, is in the task).

Like build.py, this module reads Pelican's objects; its models hold none.
"""

from __future__ import annotations

import datetime
import logging
import posixpath
from collections.abc import Iterator
from urllib.parse import urljoin

from content_model.clock import build_now
from events_calendar import ics
from feedgenerator import get_tag_uri, iri_to_uri, rfc3339_date
from listings import publications
from markupsafe import Markup
from pelican.utils import set_date_tzinfo
from sitemap.sitemap import Entry, Sitemap, absolute, address, is_absolute, split_into_files

from . import models as m
from .build import (
    CITATION_FILES,
    Task,
    calendar_address,
    citation_addresses,
    has_unresolved,
    without_unresolved,
)
from .render import check_inside_output
from .renderers import ATOM, BIBTEX, ICALENDAR, RIS, ROBOTS, SITEMAP, SITEMAP_INDEX

logger = logging.getLogger(__name__)

# Feeds Pelican could write that this site does not: RSS, and per language (it has no translations).
OTHER_FEEDS = (
    "FEED_ATOM",
    "FEED_RSS",
    "FEED_ALL_RSS",
    "CATEGORY_FEED_RSS",
    "TAG_FEED_RSS",
    "AUTHOR_FEED_RSS",
    "TRANSLATION_FEED_ATOM",
    "TRANSLATION_FEED_RSS",
)


class FeedSettingError(ValueError):
    """A setting asks for a feed the site does not write."""

    stage = "making the feeds"


def feed_tasks(generators: list, pages: list[Task]) -> Iterator[Task]:
    """Every feed, calendar and sitemap file, from the read site and its page tasks (build.site_pages;
    their models are not needed), one by one: the writer writes them in batches."""
    generator = next(generator for generator in generators if hasattr(generator, "dates"))
    settings, context = generator.settings, generator.context
    shipped = {static.save_as for static in context["staticfiles"]}  # files published as they are
    check_feed_settings(settings)
    yield from each_atom_feed_task(settings, feed_lists(generator))
    yield from calendar_tasks(settings, context, pages)
    yield from citation_tasks(settings, pages)
    yield from sitemap_tasks(settings, pages, shipped)


# -- Atom feeds -------------------------------------------------------------------------


def feed_lists(generator) -> Iterator[tuple[str, str, str, list]]:
    """(setting, slug, name, articles) of every feed the site may have: everything, and each
    category, tag, author and region. A region with no article yet has no feed: its listing
    links none."""
    yield "FEED_ALL_ATOM", "", "", generator.articles
    taxonomies = (
        ("CATEGORY_FEED_ATOM", generator.categories),
        ("TAG_FEED_ATOM", generator.tags.items()),
        ("AUTHOR_FEED_ATOM", generator.authors),
    )
    for setting, terms in taxonomies:
        for term, articles in terms:
            yield setting, term.slug, term.name, articles
    for region in generator.context["regions"]:
        if region.articles:
            yield "REGION_FEED_ATOM", region.slug, region.name, region.articles


def atom_feed_tasks(settings: dict, lists) -> list[Task]:
    """A task for each feed whose setting is set: saved at the setting's pattern, its address
    the <setting>_URL pattern when there is one."""
    check_feed_settings(settings)
    return list(each_atom_feed_task(settings, lists))


def each_atom_feed_task(settings: dict, lists) -> Iterator[Task]:
    """atom_feed_tasks one by one, each feed's model made when its task is asked for."""
    feeds = Feeds(settings)
    for setting, slug, name, articles in lists:
        pattern = settings.get(setting)
        if pattern:
            url = str(settings.get(f"{setting}_URL", pattern)).format(slug=slug)
            yield Task(str(pattern).format(slug=slug), ATOM, feeds.feed(url, name, articles))


def check_feed_settings(settings: dict) -> None:
    asked = [name for name in OTHER_FEEDS if settings.get(name)]
    if asked:
        raise FeedSettingError(
            f"{', '.join(asked)} asks for a feed the site does not write: it writes Atom feeds of "
            "everything and per category, tag, author and region (FEED_ALL_ATOM, CATEGORY_FEED_ATOM, "
            "TAG_FEED_ATOM, AUTHOR_FEED_ATOM, REGION_FEED_ATOM). Set it to None."
        )


class Feeds:
    """Makes the feeds' models; each article's entry once, however many feeds it is in."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.entries: dict[int, m.FeedEntry] = {}

    def feed(self, url: str, name: str, articles: list) -> m.Feed:
        """The feed at `url` (below FEED_DOMAIN) of `articles`, titled `name` after the site's name."""
        settings = self.settings
        shown = articles[: settings["FEED_MAX_ITEMS"]]
        feed_url = joined(settings, settings["FEED_DOMAIN"], url)
        site_name = settings["SITENAME"]
        newest = newest_date(shown, settings.get("TIMEZONE"))
        return m.Feed(
            title=Markup(f"{site_name} - {name}" if name else site_name).striptags(),
            link=f"{settings['SITEURL']}/",
            feed_url=feed_url,
            id=iri_to_uri(feed_url),  # as the feed writes its own address
            subtitle=settings.get("SITESUBTITLE") or "",
            updated=rfc3339_date(newest or build_now(settings)),
            entries=tuple(self.entry(article) for article in shown),
        )

    def entry(self, article) -> m.FeedEntry:
        if id(article) not in self.entries:
            self.entries[id(article)] = feed_entry(self.settings, article)
        return self.entries[id(article)]


def feed_entry(settings: dict, article) -> m.FeedEntry:
    """An article as a feed shows it, as Pelican's feed writer makes it (pelican.writers)."""
    siteurl = settings["SITEURL"]
    link = joined(settings, siteurl, article.url)
    if settings["FEED_APPEND_REF"]:
        link += "?ref=feed"
    content, summary = article.get_content(siteurl), article.summary
    if has_unresolved(content + summary):  # as the article's page shows them (Builder.content)
        content, summary = without_unresolved(content)[0], without_unresolved(summary)[0]
    published = set_date_tzinfo(article.date, settings.get("TIMEZONE"))
    terms = [article.category] if hasattr(article, "category") else []
    terms += getattr(article, "tags", [])
    return m.FeedEntry(
        id=get_tag_uri(link, article.date),
        title=Markup(article.title).striptags(),
        link=link,
        published=rfc3339_date(published),
        updated=rfc3339_date(modified_date(article, settings.get("TIMEZONE")) or published),
        author=str(getattr(article, "author", "")),
        summary_html=None if summary == content else summary,
        content_html=content,
        categories=tuple(str(term) for term in terms),
    )


def joined(settings: dict, base: str, url: str) -> str:
    """`url` joined to `base` as Pelican's feed writer joins them (a plain path join with RELATIVE_URLS)."""
    if settings["RELATIVE_URLS"]:
        return posixpath.join(base, url)
    return urljoin(base if base.endswith("/") else base + "/", str(url))


def modified_date(article, timezone: str | None) -> datetime.datetime | None:
    modified = getattr(article, "modified", None)
    return set_date_tzinfo(modified, timezone) if modified else None


def newest_date(articles: list, timezone: str | None) -> datetime.datetime | None:
    """The newest Date or Modified of `articles` (the first of equal ones, as feedgenerator picks)."""
    dates = (
        moment
        for article in articles
        for moment in (modified_date(article, timezone), set_date_tzinfo(article.date, timezone))
        if moment
    )
    return max(dates, default=None)


# -- Calendars --------------------------------------------------------------------------


def calendar_tasks(settings: dict, context: dict, pages: list[Task]) -> list[Task]:
    """/events/events.ics (every published event) and each written event page's own file."""
    site_name = settings["SITENAME"]
    options = {
        "prodid": ics.prodid_for(site_name),
        "host": ics.site_host(settings["SITEURL"]),
        "timezone": settings["TIMEZONE"],
    }
    tasks = []
    whole = settings["EVENTS_CALENDAR_SAVE_AS"]
    if whole:
        published = [*context["upcoming_events"], *context["past_events"]]
        events = tuple(ics.in_order(calendar_event(settings, event) for event in published))
        tasks.append(Task(whole, ICALENDAR, m.CalendarFile(events, name=f"{site_name}: events", **options)))
    for page in pages:
        save_as = calendar_address(settings, page.item)
        if save_as:
            events = (calendar_event(settings, page.item),)
            tasks.append(Task(save_as, ICALENDAR, m.CalendarFile(events, name="", **options)))
    return tasks


def citation_tasks(settings: dict, pages: list[Task]) -> Iterator[Task]:
    """Each published publication's citation as BibTeX and RIS files, which its page links."""
    renderers = {"BibTeX": BIBTEX, "RIS": RIS}
    for page in pages:
        if getattr(page.item, "kind", None) != "publications":
            continue
        reference = publications.reference(page.item, settings)
        if reference is None:  # a draft or hidden one
            continue
        for name, save_as in citation_addresses(settings, page.item).items():
            if save_as:
                check_inside_output(save_as, CITATION_FILES[name])
                yield Task(save_as, renderers[name], m.CitationFile(reference))


def calendar_event(settings: dict, event) -> ics.CalendarEvent:
    """What a calendar shows of an event; its address is its booking page, else its own page."""
    return ics.CalendarEvent(
        slug=event.slug,
        title=getattr(event, "plain_title", "") or event.title,
        start=event.start,
        end=getattr(event, "end", None),
        location=str(getattr(event, "location", "") or ""),
        url=str(getattr(event, "booking", "") or "") or ics.address(settings["SITEURL"], event.url),
        description=getattr(event, "excerpt", "") or "",
    )


# -- The sitemap and robots.txt ---------------------------------------------------------


def sitemap_tasks(settings: dict, pages: list[Task], shipped: set[str]) -> list[Task]:
    """/sitemap.xml (split into parts and an index past 50,000 addresses) and /robots.txt naming it."""
    siteurl = settings["SITEURL"]
    saved_as = settings["SITEMAP_SAVE_AS"]
    if not is_absolute(siteurl) or not saved_as:
        return []
    check_inside_output(saved_as, "SITEMAP_SAVE_AS")
    zone = settings["TIMEZONE"]
    entries = sitemap_entries(siteurl, settings["SITEMAP_EXCLUDE"], pages)
    files, index = split_into_files(entries, saved_as, siteurl)
    tasks = [Task(name, SITEMAP, m.SitemapFile(tuple(listed), zone)) for name, listed in files.items()]
    if index:
        tasks.append(Task(saved_as, SITEMAP_INDEX, m.SitemapIndexFile(tuple(index), zone)))
    logger.info("sitemap: %d addresses in %s", len(entries), saved_as)
    return tasks + robots_tasks(settings, absolute(siteurl, address(saved_as)), shipped)


def sitemap_entries(siteurl: str, exclude: list[str], pages: list[Task]) -> list[Entry]:
    """Each page to list, by address, with its last-modified date (plugins/sitemap/sitemap.py)."""
    sitemap = Sitemap(siteurl, exclude)
    for page in pages:
        sitemap.add(page.save_as, page.item, page.listed)
    return [Entry(entry.loc, plain_datetime(entry.lastmod)) for entry in sitemap.entries()]


def robots_tasks(settings: dict, sitemap_url: str, shipped: set[str]) -> list[Task]:
    """/robots.txt naming the sitemap; none when ROBOTS_SAVE_AS is empty or the site ships its own."""
    saved_as = settings["ROBOTS_SAVE_AS"]
    if not saved_as:
        return []
    check_inside_output(saved_as, "ROBOTS_SAVE_AS")
    if saved_as in shipped:
        logger.warning("sitemap: %s comes with the site; make sure it names the sitemap", saved_as)
        return []
    return [Task(saved_as, ROBOTS, m.RobotsFile(sitemap_url))]


def plain_datetime(moment: datetime.datetime | None) -> datetime.datetime | None:
    """Python's own datetime for Pelican's (SafeDatetime): a model holds no Pelican object."""
    if moment is None:
        return None
    return datetime.datetime.combine(moment.date(), moment.timetz())
