"""Page models: for every page the site writes, exactly what its template shows, as plain data.

A model is a frozen dataclass of strings, numbers, booleans, tuples and other
models: no Pelican object, settings dictionary or callable. Dates are formatted,
addresses worked out, lists sorted and paginated in Python (build.py), so a
template only places what it is given. Two things follow:

- a page whose model, templates and site chrome are what they were last build
  shows what it showed then, so its file can be linked instead of rendered
  (render.py keys each page by a digest of its model);
- model building is plain code that tests can run without a build.

Addresses: `path` fields are addresses from the site's root ("blog/a-post/");
a page shows each as `{{ page.root }}/{{ path }}`, where `root` is the page's
way back to the site's root ("../.." in a development build, the absolute
SITEURL in production). An address that is already absolute (another host, a
feed) is kept whole in a field named `url`.

The files beside the pages (Atom feeds, iCalendar files, the sitemap and
robots.txt) have models too, at the end: what each file holds, made by
feeds.py and written by a renderer (renderers.py) instead of a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # plain records of the plugins' own (plugins/ is on the path once Pelican runs)
    from events_calendar.ics import CalendarEvent
    from listings.publications import Reference
    from sharing.card import Colours
    from sitemap.sitemap import Entry

# --- What every page shows around its content -------------------------------------------


@dataclass(frozen=True)
class Link:
    text: str  # plain text; the template escapes it
    path: str  # from the site's root


@dataclass(frozen=True)
class Site:
    """The chrome every page shares, from the settings the theme reads (one per build)."""

    name: str  # SITENAME
    description: str  # SITE_DESCRIPTION: the description of pages that have none of their own
    language: str  # LANGUAGE, e.g. "en-GB"
    locale: str  # the same for Open Graph: "en_GB"
    absolute: bool  # production (SITEURL absolute): pages carry canonical and og:url addresses
    policies: tuple[str, ...]  # the Content-Security-Policies of the <meta> tags (plugins/assets)
    menu: tuple[Link, ...]  # MENU_ITEMS
    footer: tuple[Link, ...]  # FOOTER_LINKS
    search_path: str  # SEARCH_URL
    feed_url: str  # the feed of everything (FEED_DOMAIN/FEED_ALL_ATOM), or ""
    feedback_email: str  # FEEDBACK_EMAIL
    assets: tuple[tuple[str, str], ...]  # each theme file's name and its published path

    def asset(self, name: str) -> str:
        """The published path of theme file `name` ('css/site.css' -> 'theme/css/site.3f2a9c1b.css')."""
        for known, path in self.assets:
            if known == name:
                return path
        raise KeyError(f"The theme has no file {name!r}")


@dataclass(frozen=True)
class Frame:
    """What a page shows around its content: <head>, the menu's current section, breadcrumbs."""

    path: str  # this page's address from the root ("" for the home page)
    root: str  # how this page's links reach the site's root ("../..", "https://...", "")
    title: str  # the <title>
    description: str
    section: str = ""  # the menu entry (its path) marked as the current one
    breadcrumbs: tuple[Link, ...] | None = None  # after "Home"; None: no breadcrumbs at all
    og_type: str = "website"
    json_ld: str = ""  # ready to sit in a <script type="application/ld+json"> (structured_data)
    feed: FeedLink | None = None  # this page's own feed, linked in its <head> and body
    noscript_css: bool = False  # the search page's style sheet for browsers without JavaScript
    image: SharingImage | None = None  # the picture shown where the page is shared (production only)


@dataclass(frozen=True)
class SharingImage:
    """A page's og:image: a picture of what it is (plugins/sharing), for where links are shared."""

    url: str  # absolute
    alt: str  # what the picture shows, in words
    width: int
    height: int


@dataclass(frozen=True)
class FeedLink:
    url: str  # absolute
    title: str  # the feed's title, for the <link rel="alternate">


# --- Pieces of content ------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    """A date or a moment, as a page shows it and as machines read it."""

    iso: str  # for <time datetime="...">
    text: str  # as people read it: "22 November 2026", "Tue, 08 Dec 2026 10:00"


@dataclass(frozen=True)
class Summary:
    """One item in a list of items (a listing, the home page's latest lists, a year's archive)."""

    path: str
    title_html: str  # the title as HTML: escaped text with typography's entities
    kind_label: str  # "Blog post"
    day: Day
    category: str
    region: str
    excerpt: str


@dataclass(frozen=True)
class EventSummary:
    path: str
    title_html: str
    start: Day
    location: str
    excerpt: str


@dataclass(frozen=True)
class SearchData:
    """What Pagefind filters and shows for an item (hidden on the page)."""

    kind_label: str
    category: str
    region: str
    tags: tuple[str, ...]
    year: str  # "" when the item has no date to search by
    date_text: str
    date_sort: str
    indexed: bool  # published: its text goes into the search index


@dataclass(frozen=True)
class Author:
    name: str
    path: str
    role: str  # role and organisation, joined ("" when the authors file says nothing)


@dataclass(frozen=True)
class RelatedEntry:
    path: str
    title_html: str
    excerpt: str
    day: Day
    category: str


@dataclass(frozen=True)
class Related:
    heading: str
    entries: tuple[RelatedEntry, ...]


@dataclass(frozen=True)
class Neighbours:
    """The older and newer items of the same kind, and the label of their kind ("blog posts")."""

    label: str
    older: Link | None  # text is the title as HTML
    newer: Link | None


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    previous_path: str  # "" on the first page
    next_path: str  # "" on the last page
    window: tuple[tuple[int | None, str], ...]  # (number, path) of each page linked; None: a gap


# --- Pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostPage:
    """A blog post's or regional update's page."""

    frame: Frame
    search: SearchData
    draft: bool
    scheduled: Day | None  # the day a future-dated post is published, in a build that shows it before
    kind_label: str
    title_html: str
    plain_title: str
    authors: tuple[Author, ...]
    published: Day
    category: Link | None
    region: str
    region_path: str  # "" when the region has no listing
    series: Link | None
    content_html: str
    tags: tuple[Link, ...]
    feedback_subject: str  # ready for a mailto: address (already URL-encoded)
    neighbours: Neighbours
    related: Related | None
    next_event: NextEvent | None  # the side column's box, as on the home page


@dataclass(frozen=True)
class PublicationPage:
    frame: Frame
    search: SearchData
    draft: bool
    scheduled: Day | None  # the day a future-dated post is published, in a build that shows it before
    type: str
    title_html: str
    plain_title: str
    file_path: str
    file_info: str  # "PDF, 2.7 KB"
    link_url: str
    content_html: str
    authors: tuple[Link, ...]
    publisher: str
    year: str
    pages: str
    published: Day
    category: Link | None
    citation: str
    citation_meta: tuple[tuple[str, str], ...]  # citation_* (name, content) for scholarly indexes
    citation_files: tuple[
        Link, ...
    ]  # the citation as BibTeX and RIS files ("BibTeX", "publications/x/citation.bib")
    tags: tuple[Link, ...]


@dataclass(frozen=True)
class EventPage:
    frame: Frame
    search: SearchData
    draft: bool
    title_html: str
    plain_title: str
    start: Day
    end: Day | None
    location: str
    booking_url: str
    calendar_path: str
    content_html: str


@dataclass(frozen=True)
class PlainPage:
    """One of the site's pages (About, Contact...)."""

    frame: Frame
    search: SearchData
    draft: bool
    title_html: str
    content_html: str


@dataclass(frozen=True)
class ListingPage:
    """One page of a paginated list of items: a kind, a category, a tag, an author, a region, a series."""

    frame: Frame
    heading: str
    items: tuple[Summary, ...]
    pagination: Pagination
    region: RegionFacts | None = None  # a region's page: what REGIONS_FILE says of it


@dataclass(frozen=True)
class RegionFacts:
    """What a region's page says of the region before its posts (content/data/regions.toml)."""

    chair: str  # "" when the file names none
    councils: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    link: Link
    count: int

    @property
    def noun(self) -> str:
        """What the count counts, for screen readers: "article" or "articles"."""
        return "article" if self.count == 1 else "articles"


@dataclass(frozen=True)
class TermIndexPage:
    """An index of categories, tags, authors, regions or years, each with its number of articles."""

    frame: Frame
    heading: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class YearPage:
    frame: Frame
    year: str
    items: tuple[Summary, ...]


@dataclass(frozen=True)
class PublicationGroup:
    anchor: str
    name: str
    items: tuple[PublicationSummary, ...]


@dataclass(frozen=True)
class PublicationSummary:
    path: str
    title_html: str
    meta: str  # "2026 · The publisher · In Education"
    excerpt: str


@dataclass(frozen=True)
class PublicationsPage:
    frame: Frame
    groups: tuple[PublicationGroup, ...]


@dataclass(frozen=True)
class EventsPage:
    frame: Frame
    upcoming: tuple[EventSummary, ...]
    past: tuple[EventSummary, ...]
    calendar_path: str  # every event's calendar to subscribe to (EVENTS_CALENDAR_SAVE_AS), or ""


@dataclass(frozen=True)
class Featured:
    label: str  # the series: FEATURED_SERIES
    path: str
    title_html: str
    plain_title: str
    authors: str
    day: Day
    excerpt: str
    scheduled: bool  # dated later than the build (a preview shows it before its day)


@dataclass(frozen=True)
class NextEvent:
    path: str
    title_html: str
    start: Day
    location: str


@dataclass(frozen=True)
class HomePage:
    frame: Frame
    introduction: str  # who the association is (HOME_INTRODUCTION), plain text
    featured: Featured | None
    latest_posts: tuple[Summary, ...]
    latest_updates: tuple[Summary, ...]
    next_event: NextEvent | None
    categories: tuple[Link, ...]
    regions: tuple[Link, ...]


@dataclass(frozen=True)
class SearchPage:
    frame: Frame
    pagefind_path: str  # the first bundle's script, from the root


@dataclass(frozen=True)
class NotFoundPage:
    frame: Frame


@dataclass(frozen=True)
class RedirectPage:
    """A page at an old address that sends readers on to its new one (plugins/redirects): for hosts
    that read neither `_redirects` nor the nginx map. It has no Frame: it shows no chrome, is in
    no listing, sitemap or search index, and tells search engines the new address is the page."""

    title: str  # the <title>
    target: str  # the new address: absolute (production) or relative to this page (development)
    target_text: str  # the new address as the link's text: absolute (production) or from the root


# --- Files beside the pages -------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    """One article in an Atom feed, as the feed shows it."""

    id: str  # a tag: URI made of the address and the date: the same on every build
    title: str  # plain text
    link: str  # the article's absolute address
    published: str  # RFC 3339, e.g. "2026-10-13T09:00:00+01:00"
    updated: str  # its Modified, else its Date (RFC 3339)
    author: str  # the first author (AUTHOR, the association, for an item with none)
    summary_html: str | None  # None when it would repeat the content
    content_html: str  # with absolute addresses
    categories: tuple[str, ...]  # the category, then the tags


@dataclass(frozen=True)
class Feed:
    """An Atom feed: everything, or one category's, tag's, author's or region's articles."""

    title: str  # plain text: "<SITENAME> - <name>"
    link: str  # the site's address
    feed_url: str  # the feed's own address
    id: str  # that address, as the feed shows it: each feed has its own
    subtitle: str  # SITESUBTITLE, or ""
    updated: str  # its newest entry's date; the build's moment for a feed with none (RFC 3339)
    entries: tuple[FeedEntry, ...]  # newest first, at most FEED_MAX_ITEMS


@dataclass(frozen=True)
class CalendarFile:
    """An iCalendar file: every published event (/events/events.ics), or one event's own."""

    events: tuple[CalendarEvent, ...]  # soonest first
    prodid: str
    host: str  # each UID is <slug>@<host>
    timezone: str  # the times' zone, whose VTIMEZONE the file includes
    name: str  # the name of a calendar to subscribe to; "" for one event's file


@dataclass(frozen=True)
class SitemapFile:
    """/sitemap.xml (or one of its parts past 50,000 addresses): every listed page and its date."""

    entries: tuple[Entry, ...]  # sorted by address
    timezone: str  # the zone of a date that has none


@dataclass(frozen=True)
class SitemapIndexFile:
    """/sitemap.xml when the addresses need several files: each file's address and newest date."""

    sitemaps: tuple[Entry, ...]
    timezone: str


@dataclass(frozen=True)
class RobotsFile:
    sitemap_url: str  # the sitemap's absolute address


@dataclass(frozen=True)
class RedirectsFile:
    """`_redirects` (Netlify, Cloudflare Pages): each variant of each old address and its new one."""

    rules: tuple[tuple[str, str], ...]  # (from, to), sorted, as written in the data file
    source: str  # the data file, named in the file's comment: content/data/redirects.csv


@dataclass(frozen=True)
class NginxMapFile:
    """The entries of an nginx map from $uri to the new address, with how to include them."""

    rules: tuple[tuple[str, str], ...]  # (key, value), sorted: the key decoded, as nginx's $uri is
    source: str  # the data file
    name: str  # the file's own name, in the example of how to include it


# --- The browser editor (plugins/editor), when EDITOR_BACKEND turns it on ---------------


@dataclass(frozen=True)
class EditorPage:
    """/admin/: Decap CMS's page, with its own policy (the editor needs inline styles, blob: images
    and its repository host's API, which the site's pages never allow)."""

    title: str
    policy: str  # its Content-Security-Policy
    script: str  # Decap's script, relative to the page
    additions: str  # the site's format and preview style (plugins/editor/static/site-editor.js)
    style: str  # the site's style sheet for the preview pane: "../theme/css/site.3f2a.css"
    icon: str  # the site's icon: "../theme/favicon.5b1c.svg"
    collections: tuple[str, ...]  # the collections (a kind's folder each), previewed as the site shows them


@dataclass(frozen=True)
class EditorConfigFile:
    """The editor's config.yml: its configuration (plugins/editor/config.py) as JSON, which is YAML."""

    text: str


@dataclass(frozen=True)
class CitationFile:
    """A publication's citation for reference managers: BibTeX (.bib) or RIS (.ris)."""

    reference: Reference


@dataclass(frozen=True)
class SharingCard:
    """A sharing image (plugins/sharing/card.py): a headline under a label, on the site's colours."""

    headline: str  # an item's title, or the site's name
    label: str  # the site's name above an item's title; "" on the site's own picture
    colours: Colours  # from the theme's style sheet
