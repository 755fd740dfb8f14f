"""Every page the site writes, as a task: where it goes, its template and its model (models.py).

`site_pages` reads what reading and the plugins' site data left in Pelican's
generators (articles, pages, taxonomies, listings, related lists, neighbours,
structured data) and works out each page's model: its addresses (relative to
the page in a development build, absolute in production), dates as text, lists
in order, pages of a listing. With feeds.py (the feeds, calendars and sitemap),
it is the only code that reads Pelican's objects; the models it makes hold none.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from content_model.clock import dated_later
from content_model.hooks import REGION_FACTS, project_relative
from listings import publications
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url
from selectolax.lexbor import LexborHTMLParser
from structured_data import hooks as structured_data

from . import models as m
from .render import Renderer
from .renderers import SHARING_CARD
from .sharing import Sharing

ARTICLE_LISTS = ("translations", "articles", "hidden_translations", "hidden_articles")
PAGE_LISTS = (
    "translations",
    "pages",
    "hidden_translations",
    "hidden_pages",
    "draft_translations",
    "draft_pages",
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Task:
    """One file to write: `save_as` below the output folder, its template and its model.

    The template is a Jinja template's name for a page, or a Renderer (renderers.py)
    for a file that is not a page: a feed, a calendar, the sitemap.
    `item` and `listed` say what a page shows for the sitemap (feeds.py):
    the item of an item's page, or the items a listing lists.
    """

    save_as: str
    template: str | Renderer
    page: object
    item: object = None
    listed: tuple = field(default=(), compare=False)


class Builder:
    """Makes the models of one build: `settings` and the generators' shared `context`."""

    def __init__(self, settings: dict, context: dict, site: m.Site):
        self.settings = settings
        self.context = context
        self.site = site
        self.siteurl = settings["SITEURL"]
        self.relative = settings["RELATIVE_URLS"]
        self.site_name = settings["SITENAME"]
        self.sharing = Sharing(settings)
        # An item's date and summary, made once: one item is in many lists (kind, tags, category,
        # authors, year, related lists), and models may share parts (they are never changed).
        self._published: dict[int, m.Day] = {}
        self._summaries: dict[int, m.Summary] = {}
        self._related_entries: dict[int, m.RelatedEntry] = {}  # by related/hooks.RelatedArticle, shared too

    # -- addresses and dates ----------------------------------------------------------

    def root(self, save_as: str) -> str:
        return page_root(self.settings, save_as)

    def frame(self, save_as: str, path: str, title: str, description: str, **more) -> m.Frame:
        """A page's frame; an item's page passes its own `image`, every other page shows the site's."""
        more.setdefault("image", self.sharing.site_image)
        return m.Frame(path=path, root=self.root(save_as), title=title, description=description, **more)

    def titled(self, text: str) -> str:
        return f"{text} – {self.site_name}"

    @staticmethod
    def day(moment) -> m.Day:
        return m.Day(moment.isoformat(), moment.strftime(DATE_FORMAT))

    def event_day(self, moment) -> m.Day:
        return m.Day(moment.isoformat(), moment.strftime(self.settings["EVENT_DATE_FORMAT"]))

    @staticmethod
    def link(wrapper) -> m.Link:
        return m.Link(str(wrapper), wrapper.url)

    def feed(self, setting: str, slug: str, title: str) -> m.FeedLink | None:
        pattern = self.settings.get(setting)
        if not pattern:
            return None
        return m.FeedLink(f"{self.settings['FEED_DOMAIN']}/{pattern.format(slug=slug)}", title)

    # -- the parts of an item's page ---------------------------------------------------

    def search(self, item, moment) -> m.SearchData:
        category = getattr(item, "category", None)
        return m.SearchData(
            kind_label=item.kind_label,
            category=str(category) if category else "",
            region=getattr(item, "region", None) or "",
            tags=tuple(str(tag) for tag in getattr(item, "tags", None) or ()),
            year=str(moment.year) if moment else "",
            date_text=moment.strftime("%-d %B %Y") if moment else "",
            date_sort=moment.strftime("%Y-%m-%d") if moment else "",
            indexed=item.status == "published",
        )

    def scheduled(self, item) -> m.Day | None:
        """The day a post dated later than this build is published; None for any other. Only a
        build that shows such posts before their day (the preview: WITH_FUTURE_DATES) meets one."""
        if item.status == "draft" or not dated_later(item, self.settings):
            return None
        return self.published(item)

    def published(self, item) -> m.Day:
        """When an item was published, as its pages and lists show it."""
        day = self._published.get(id(item))
        if day is None:
            day = self._published[id(item)] = m.Day(item.date.isoformat(), item.locale_date)
        return day

    def summary(self, item) -> m.Summary:
        summary = self._summaries.get(id(item))
        if summary is None:
            category = getattr(item, "category", None)
            summary = self._summaries[id(item)] = m.Summary(
                path=item.url,
                title_html=item.title,
                kind_label=item.kind_label,
                day=self.published(item),
                category=str(category) if category else "",
                region=getattr(item, "region", None) or "",
                excerpt=item.excerpt,
            )
        return summary

    def event_summary(self, event) -> m.EventSummary:
        return m.EventSummary(
            path=event.url,
            title_html=event.title,
            start=self.event_day(event.start),
            location=getattr(event, "location", None) or "",
            excerpt=event.excerpt,
        )

    def item_frame(self, item, section: str, crumbs: Iterable[m.Link], og_type: str = "website") -> m.Frame:
        json_ld = structured_data.json_ld(item, self.settings)
        title = self.titled(item.plain_title)
        return self.frame(
            item.save_as,
            item.url,
            title,
            item.excerpt,
            section=section,
            breadcrumbs=tuple(crumbs),
            og_type=og_type,
            json_ld=json_ld,
            image=self.sharing.image(item, alt=title),
        )

    def content(self, item, root: str) -> str:
        """An item's HTML with its links made relative to `root`. A link or image whose {filename}
        or {static} address Pelican could not find is never shown as that address: the link becomes
        its text, the image its description, and the build says so by file (`invoke check` by line)."""
        html = item.get_content(root)
        if not has_unresolved(html):
            return html
        html, addresses = without_unresolved(html)
        for address in addresses:
            logger.warning(
                "%s: '%s' is no page or file of the site, so it is shown as plain text. "
                "Correct the address (invoke check gives its line).",
                project_relative(item.source_path, self.settings),
                address,
            )
        return html

    def tags(self, item) -> tuple[m.Link, ...]:
        return tuple(self.link(tag) for tag in getattr(item, "tags", None) or ())

    # -- item pages ----------------------------------------------------------------------

    def post(self, article) -> m.PostPage:
        section = getattr(article, "section", None)
        frame = self.item_frame(
            article,
            section.url if section else "",
            [self.link(section)] if section else [],
            og_type="article",
        )
        region_listing = getattr(article, "region_listing", None)
        series_listing = getattr(article, "series_listing", None)
        return m.PostPage(
            frame=frame,
            search=self.search(article, article.date),
            draft=article.status == "draft",
            scheduled=self.scheduled(article),
            kind_label=article.kind_label,
            title_html=article.title,
            plain_title=article.plain_title,
            authors=tuple(
                m.Author(author.name, author.url, ", ".join(filter(None, [author.role, author.organisation])))
                for author in getattr(article, "authors", ())
            ),
            published=self.published(article),
            category=self.link(article.category) if getattr(article, "category", None) else None,
            region=getattr(article, "region", None) or "",
            region_path=region_listing.url if region_listing else "",
            series=m.Link(article.series, series_listing.url) if series_listing else None,
            content_html=self.content(article, frame.root),
            tags=self.tags(article),
            feedback_subject=quote(f"Re: {article.plain_title}", safe="/"),
            neighbours=self.neighbours(article),
            related=self.related(article),
            next_event=self.next_event(),
        )

    def neighbours(self, item) -> m.Neighbours:
        section = getattr(item, "section", None)
        older = getattr(item, "previous_in_kind", None)
        newer = getattr(item, "next_in_kind", None)
        return m.Neighbours(
            label=section.name.lower() if section else "",
            older=m.Link(older.title, older.url) if older else None,
            newer=m.Link(newer.title, newer.url) if newer else None,
        )

    def next_event(self) -> m.NextEvent | None:
        """The next upcoming event (plugins/listings), for the home page and every post's side column."""
        event = self.context.get("next_event")
        if not event:
            return None
        location = getattr(event, "location", None) or ""
        return m.NextEvent(event.url, event.title, self.event_day(event.start), location)

    def related(self, article) -> m.Related | None:
        entries = getattr(article, "related_articles", None)
        if not entries:
            return None
        return m.Related(heading=article.related_heading, entries=tuple(map(self.related_entry, entries)))

    def related_entry(self, entry) -> m.RelatedEntry:
        made = self._related_entries.get(id(entry))
        if made is None:
            made = self._related_entries[id(entry)] = m.RelatedEntry(
                path=entry.url,
                title_html=entry.title,
                excerpt=entry.excerpt,
                day=m.Day(entry.date.isoformat(), entry.date_text),
                category=entry.category,
            )
        return made

    def publication(self, article) -> m.PublicationPage:
        frame = self.item_frame(article, "publications/", [m.Link("Publications", "publications/")])
        file_path = getattr(article, "file", None) or ""
        reference = publications.reference(article, self.settings)
        file_info, citation = publications.details(article, reference, self.settings)
        return m.PublicationPage(
            frame=frame,
            search=self.search(article, article.date),
            draft=article.status == "draft",
            scheduled=self.scheduled(article),
            type=article.type,
            title_html=article.title,
            plain_title=article.plain_title,
            file_path=file_path,
            file_info=file_info,
            link_url=getattr(article, "link", None) or "",
            content_html=self.content(article, frame.root),
            authors=tuple(self.link(author) for author in getattr(article, "authors", ())),
            publisher=getattr(article, "publisher", None) or "",
            year=str(getattr(article, "year", None) or ""),
            pages=str(getattr(article, "pages", None) or ""),
            published=self.published(article),
            category=self.link(article.category) if getattr(article, "category", None) else None,
            citation=citation,
            citation_meta=publications.citation_meta(reference) if reference else (),
            citation_files=tuple(
                m.Link(name, save_as)
                for name, save_as in citation_addresses(self.settings, article).items()
                if reference and save_as
            ),
            tags=self.tags(article),
        )

    def event(self, event) -> m.EventPage:
        frame = self.item_frame(event, "events/", [m.Link("Events", "events/")])
        end = getattr(event, "end", None)
        return m.EventPage(
            frame=frame,
            search=self.search(event, event.start),
            draft=event.status == "draft",
            title_html=event.title,
            plain_title=event.plain_title,
            start=self.event_day(event.start),
            end=self.event_day(end) if end else None,
            location=getattr(event, "location", None) or "",
            booking_url=getattr(event, "booking", None) or "",
            calendar_path=calendar_address(self.settings, event),
            content_html=self.content(event, frame.root),
        )

    def plain_page(self, page) -> m.PlainPage:
        frame = self.item_frame(page, page.url, [])
        return m.PlainPage(
            frame=frame,
            search=self.search(page, None),
            draft=page.status == "draft",
            title_html=page.title,
            content_html=self.content(page, frame.root),
        )

    def item_task(self, item) -> Task:
        make = {
            "publication.html": self.publication,
            "event.html": self.event,
            "page.html": self.plain_page,
            "article.html": self.post,
        }
        template = item_template(item)
        return Task(item.save_as, template, make[template](item), item=item)

    # -- listings ------------------------------------------------------------------------

    def listing_tasks(
        self,
        save_as: str,
        url: str,
        items: list,
        heading: str,
        crumbs: Iterable[m.Link],
        section: str = "",
        feed: m.FeedLink | None = None,
        region: m.RegionFacts | None = None,
    ) -> list[Task]:
        """Every page of one listing (DEFAULT_PAGINATION items a page; PAGINATION_PATTERNS addresses)."""
        paginator = Paginator(save_as, url, items, self.settings, self.settings["DEFAULT_PAGINATION"])
        pages = [paginator.page(number) for number in range(1, paginator.num_pages + 1)]
        count = len(pages)
        listed = tuple(items)  # one object for all its pages: the sitemap dates them once
        tasks = []
        for page in pages:
            number = page.number
            title = heading if count == 1 else f"{heading} (page {number} of {count})"
            frame = self.frame(
                page.save_as,
                page.url,
                self.titled(title),
                f"{heading}: everything {self.site_name} has published here, newest first.",
                section=section,
                breadcrumbs=tuple(crumbs),
                feed=feed,
            )
            pagination = m.Pagination(
                number=number,
                count=count,
                previous_path=pages[number - 2].url if number > 1 else "",
                next_path=pages[number].url if number < count else "",
                window=tuple(
                    (shown, pages[shown - 1].url if shown else "") for shown in page_window(number, count)
                ),
            )
            items_shown = tuple(self.summary(item) for item in page.object_list)
            model = m.ListingPage(frame, heading, items_shown, pagination, region if number == 1 else None)
            tasks.append(Task(page.save_as, "listing.html", model, listed=listed))
        return tasks

    def term_index_task(self, save_as: str, url: str, heading: str, terms, description: str = "") -> Task:
        frame = self.frame(
            save_as,
            url,
            self.titled(heading),
            description
            or f"Every {heading.lower()} used on {self.site_name}, with how many articles each has.",
            breadcrumbs=(),
        )
        model = m.TermIndexPage(
            frame, heading, tuple(m.Term(m.Link(text, path), count) for text, path, count in terms)
        )
        return Task(save_as, "term_index.html", model, listed=tuple(self.context["articles"]))


def item_template(item) -> str:
    """The template of an item's page, by its kind."""
    templates = {"publications": "publication.html", "events": "event.html", "pages": "page.html"}
    return templates.get(getattr(item, "kind", None), "article.html")


CITATION_FILES = {"BibTeX": "PUBLICATION_BIBTEX_SAVE_AS", "RIS": "PUBLICATION_RIS_SAVE_AS"}


def citation_addresses(settings: dict, item) -> dict[str, str]:
    """Where a publication's citation files are saved, by format ("" when its setting is empty);
    none for an item that is not a publication."""
    if getattr(item, "kind", None) != "publications":
        return {}
    return {name: settings[setting].format(slug=item.slug) for name, setting in CITATION_FILES.items()}


def calendar_address(settings: dict, item) -> str:
    """Where an event's own .ics file is saved (EVENT_CALENDAR_SAVE_AS), which its page links;
    "" for an item that is not an event, or when the setting is empty."""
    pattern = settings["EVENT_CALENDAR_SAVE_AS"]
    if not pattern or getattr(item, "kind", None) != "events":
        return ""
    return pattern.format(slug=item.slug)


def page_root(settings: dict, save_as: str) -> str:
    """How a page saved at `save_as` reaches the site's root: '../..' (development) or SITEURL."""
    return path_to_url(get_relative_path(save_as)) if settings["RELATIVE_URLS"] else settings["SITEURL"]


UNRESOLVED = ("{filename}", "{static}", "{attach}")  # what Pelican leaves of an address it cannot find


def has_unresolved(html: str) -> bool:
    """Whether `html` may hold an address Pelican left unresolved: every page is asked, so the
    common answer ("no", with no '="{' in it) takes one scan of the text."""
    return '="{' in html and any(f'="{marker}' in html for marker in UNRESOLVED)


def without_unresolved(html: str) -> tuple[str, list[str]]:
    """`html` with each link to an address Pelican left unresolved replaced by the link's text, and
    each such image by its description (parsed as a browser parses it); and those addresses."""
    body = LexborHTMLParser(html).body
    addresses = []
    for node in [*body.css("a[href]"), *body.css("img[src]")]:
        attribute = "href" if node.tag == "a" else "src"
        address = node.attributes.get(attribute) or ""
        if address.startswith(UNRESOLVED):
            addresses.append(address)
            if node.tag == "a":
                node.unwrap()
            else:
                node.replace_with(node.attributes.get("alt") or "")
    return body.inner_html, addresses


def page_window(current: int, total: int) -> list[int | None]:
    """Page numbers a pagination bar links: first, last, current and its neighbours; None marks a gap."""
    shown = sorted({1, total, current - 1, current, current + 1} & set(range(1, total + 1)))
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window


DATE_FORMAT = "%-d %B %Y"


def site_model(settings: dict, policies: list[str], assets: dict[str, str]) -> m.Site:
    feed = settings.get("FEED_ALL_ATOM")
    return m.Site(
        name=settings["SITENAME"],
        description=settings["SITE_DESCRIPTION"],
        language=settings["LANGUAGE"],
        locale=settings["LANGUAGE"].replace("-", "_"),
        absolute=not settings["RELATIVE_URLS"],
        policies=tuple(policies),
        menu=tuple(m.Link(label, address) for label, address in settings["MENU_ITEMS"]),
        footer=tuple(m.Link(label, address) for label, address in settings["FOOTER_LINKS"]),
        search_path=settings["SEARCH_URL"],
        feed_url=f"{settings['FEED_DOMAIN']}/{feed}" if feed else "",
        feedback_email=settings["FEEDBACK_EMAIL"],
        assets=tuple(sorted(assets.items())),
    )


@dataclass(frozen=True)
class SitePages:
    """Every page of one build: each item's page and sharing picture, made by number (so that
    the writer's forked processes can each make their share: a picture takes as long as a page
    to make), then every other page's, made one by one.

    Numbers below len(items) are the items' pages; the next ones their pictures (`pictured`,
    None for the site's own picture)."""

    builder: Builder
    items: list  # the items that have a page, in the order they are written
    pictured: list  # the items with their own sharing picture, then None for the site's, if any
    others: Iterator[Task]

    @property
    def count(self) -> int:
        return len(self.items) + len(self.pictured)

    def item_task(self, number: int) -> Task:
        if number < len(self.items):
            return self.builder.item_task(self.items[number])
        return self.picture_task(self.pictured[number - len(self.items)])

    def item_outline(self, number: int) -> Task:
        """An item's task without its model: its file and template, made without the model's work."""
        if number < len(self.items):
            item = self.items[number]
            return Task(item.save_as, item_template(item), None, item=item)
        return replace(self.picture_task(self.pictured[number - len(self.items)]), page=None)

    def picture_task(self, item) -> Task:
        """The sharing picture of `item`'s page, or the site's own (item None)."""
        sharing = self.builder.sharing
        if item is None:
            return Task(sharing.site_save_as, SHARING_CARD, sharing.site_card())
        return Task(sharing.address(item), SHARING_CARD, sharing.item_card(item))


def site_pages(generators: list, site: m.Site) -> SitePages:
    """The pages of the site, from the generators after reading (Pelican's and the plugins')."""
    articles_generator = next(generator for generator in generators if hasattr(generator, "dates"))
    pages_generator = next(generator for generator in generators if hasattr(generator, "hidden_pages"))
    builder = Builder(articles_generator.settings, articles_generator.context, site)
    items = [*contents(articles_generator, ARTICLE_LISTS), *articles_generator.drafts]
    items += [*articles_generator.drafts_translations]
    items += contents(pages_generator, PAGE_LISTS)
    items = [item for item in items if item.save_as]
    pictured = [item for item in items if builder.sharing.has_own(item)]
    if builder.sharing.site_image is not None:
        pictured.append(None)  # the site's own picture
    others = other_tasks(builder, articles_generator, articles_generator.context)
    return SitePages(builder, items, pictured, others)


def other_tasks(builder: Builder, articles_generator, context: dict) -> Iterator[Task]:
    yield from listings(builder, articles_generator)
    yield from site_listings(builder, context)
    yield from direct_pages(builder, articles_generator)


def contents(generator, names: Iterable[str]) -> list:
    return [item for name in names for item in getattr(generator, name, ())]


def listings(builder: Builder, generator) -> Iterator[Task]:
    """Pelican's taxonomies: each tag, category and author, and each year."""
    settings = builder.settings
    taxonomies = (
        ("tag", generator.tags.items(), "Tag", "Tags", "TAGS_URL", "TAG_FEED_ATOM"),
        ("category", generator.categories, "Category", "Categories", "CATEGORIES_URL", "CATEGORY_FEED_ATOM"),
        ("author", generator.authors, "Author", "Authors", "AUTHORS_URL", "AUTHOR_FEED_ATOM"),
    )
    for _, terms, label, plural, index_url, feed_setting in taxonomies:
        for term, articles in terms:
            heading = f"{label}: {term.name}"
            yield from builder.listing_tasks(
                term.save_as,
                term.url,
                list(articles),
                heading,
                [m.Link(plural, settings[index_url])],
                feed=builder.feed(feed_setting, term.slug, heading),
            )
    for period in generator.period_archives.get("year", ()):
        year = str(period["period"][0])
        frame = builder.frame(
            period["save_as"],
            period["url"],
            builder.titled(f"Published in {year}"),
            f"Everything {builder.site_name} published in {year}.",
            breadcrumbs=(m.Link("Archive", settings["ARCHIVES_URL"]),),
        )
        summaries = tuple(builder.summary(item) for item in period["dates"])
        yield Task(
            period["save_as"],
            "period_archives.html",
            m.YearPage(frame, year, summaries),
            listed=tuple(period["articles"]),
        )


def site_listings(builder: Builder, context: dict) -> Iterator[Task]:
    """The listings plugins/listings prepares: each kind, region and series, events and the regions index."""
    settings = builder.settings
    for section in context["sections"]:
        items = section.articles
        if section.slug == "publications":
            yield publications_task(builder, section, context["publication_groups"], items)
        else:
            yield from builder.listing_tasks(
                section.save_as, section.url, items, section.name, [], section=section.url
            )
    for region in context["regions"]:
        heading = f"Region: {region.name}"
        feed = builder.feed("REGION_FEED_ATOM", region.slug, heading) if region.articles else None
        facts = context.get(REGION_FACTS, {}).get(region.name)
        yield from builder.listing_tasks(
            region.save_as,
            region.url,
            region.articles,
            heading,
            [m.Link("Regions", settings["REGIONS_INDEX_URL"])],
            feed=feed,
            region=m.RegionFacts(facts.chair, facts.councils) if facts else None,
        )
    for series in context["series_list"]:
        yield from builder.listing_tasks(
            series.save_as,
            series.url,
            series.articles,
            f"Series: {series.name}",
            [m.Link("Blog posts", "blog/")],
        )
    yield events_task(builder, context)
    terms = [(region.name, region.url, len(articles)) for region, articles in context["regions_index"]]
    yield builder.term_index_task(
        settings["REGIONS_INDEX_SAVE_AS"], settings["REGIONS_INDEX_URL"], "Regions", terms
    )


def publications_task(builder: Builder, section, groups, items) -> Task:
    frame = builder.frame(
        section.save_as,
        section.url,
        builder.titled("Publications"),
        "Reports, policy papers, briefings, consultation responses and book chapters, by type and year.",
        section="publications/",
        breadcrumbs=(),
    )
    model = m.PublicationsPage(
        frame,
        tuple(
            m.PublicationGroup(
                anchor=kind.lower().replace(" ", "-"),
                name=kind,
                items=tuple(publication_summary(item) for item in members),
            )
            for kind, members in groups
        ),
    )
    return Task(section.save_as, "publications.html", model, listed=tuple(items))


def publication_summary(item) -> m.PublicationSummary:
    parts = [str(getattr(item, "year", None) or item.date.year)]
    if getattr(item, "publisher", None):
        parts.append(item.publisher)
    if getattr(item, "category", None):
        parts.append(f"In {item.category}")
    return m.PublicationSummary(item.url, item.title, " · ".join(parts), item.excerpt)


def events_task(builder: Builder, context: dict) -> Task:
    settings = builder.settings
    frame = builder.frame(
        settings["EVENTS_SAVE_AS"],
        settings["EVENTS_URL"],
        builder.titled("Events"),
        f"Conferences, policy sessions and webinars of {builder.site_name}: what is coming up, and what has been.",
        section="events/",
        breadcrumbs=(),
    )
    model = m.EventsPage(
        frame,
        tuple(builder.event_summary(event) for event in context["upcoming_events"]),
        tuple(builder.event_summary(event) for event in context["past_events"]),
        settings["EVENTS_CALENDAR_SAVE_AS"],
    )
    return Task(settings["EVENTS_SAVE_AS"], "events.html", model, listed=tuple(context["articles"]))


def direct_pages(builder: Builder, generator) -> list[Task]:
    """Pelican's direct templates: the home page, the indexes, the archive, search and 404."""
    settings = builder.settings
    articles = tuple(generator.articles)
    tasks = []
    for template in settings["DIRECT_TEMPLATES"]:
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        url = settings.get(f"{template.upper()}_URL", f"{template}.html")
        if not save_as:
            continue
        task = direct_page(builder, generator, template, save_as, url)
        tasks.append(Task(task.save_as, task.template, task.page, listed=articles))
    return tasks


def direct_page(builder: Builder, generator, template: str, save_as: str, url: str) -> Task:
    settings = builder.settings
    if template == "index":
        return Task(save_as, "index.html", home_page(builder, save_as))
    if template in ("tags", "categories", "authors"):
        heading = template.capitalize()
        pairs = sorted(generator.tags.items()) if template == "tags" else getattr(generator, template)
        terms = [(str(term), term.url, len(articles)) for term, articles in pairs]
        return builder.term_index_task(save_as, url, heading, terms)
    if template == "archives":
        years = [
            (str(period["period"][0]), period["url"], len(period["articles"]))
            for period in generator.period_archives.get("year", ())
        ]
        return builder.term_index_task(
            save_as, url, "Archive", years, f"Everything {builder.site_name} has published, year by year."
        )
    if template == "search":
        frame = builder.frame(
            save_as,
            url,
            builder.titled("Search"),
            f"Search everything {builder.site_name} has published, or browse it by year, category, tag or region.",
            section=settings["SEARCH_URL"],
            breadcrumbs=(),
            noscript_css=True,
        )
        return Task(save_as, "search.html", m.SearchPage(frame, "pagefind/pagefind.js"))
    if template == "404":
        root = "" if builder.relative else builder.siteurl
        frame = m.Frame(
            path="",
            root=root,
            title=builder.titled("Page not found"),
            description="The page you asked for is not here.",
        )
        return Task(save_as, "404.html", m.NotFoundPage(frame))
    raise ValueError(f"DIRECT_TEMPLATES names {template!r}, which the theme has no page model for")


def home_page(builder: Builder, save_as: str) -> m.HomePage:
    settings, context = builder.settings, builder.context
    frame = builder.frame(save_as, "", builder.site_name, settings["SITE_DESCRIPTION"])
    featured = context.get("featured_post")
    return m.HomePage(
        frame=frame,
        introduction=settings["HOME_INTRODUCTION"],
        featured=m.Featured(
            label=settings["FEATURED_SERIES"],
            path=featured.url,
            title_html=featured.title,
            plain_title=featured.plain_title,
            authors=", ".join(str(author) for author in featured.authors),
            day=builder.published(featured),
            excerpt=featured.excerpt,
            scheduled=builder.scheduled(featured) is not None,
        )
        if featured
        else None,
        latest_posts=tuple(builder.summary(item) for item in context["latest_posts"]),
        latest_updates=tuple(builder.summary(item) for item in context["latest_updates"]),
        next_event=builder.next_event(),
        categories=tuple(builder.link(category) for category, _ in context["categories"]),
        regions=tuple(builder.link(region) for region in context["regions"]),
    )
