"""A Pelican generator that prepares the listings Pelican does not make: kinds, regions, series, events."""

from __future__ import annotations

from content_model.clock import build_now
from content_model.kinds import ARTICLE_KINDS, KINDS  # listings needs the content_model plugin
from pelican.generators import Generator
from pelican.urlwrappers import URLWrapper

from .collections import by_kind, by_name, featured, split_events
from .publications import by_type_and_year


class Region(URLWrapper):
    """A region of England; its address comes from REGION_URL and REGION_SAVE_AS."""


class Series(URLWrapper):
    """A named series of posts; SERIES_URL and SERIES_SAVE_AS."""


class Section(URLWrapper):
    """All items of one kind; SECTION_URL and SECTION_SAVE_AS, with the kind's folder as slug."""


class ListingsGenerator(Generator):
    """Prepares the listings' data in the shared context (their pages are page models: sitebuild/pages).

    Events are pages to Pelican; they are taken out of the `pages` list (which
    templates use for the menu of pages) and listed on the events page instead.
    """

    def generate_context(self):
        settings = self.settings
        articles = self.context["articles"]
        events = [page for page in self.context["pages"] if getattr(page, "kind", None) == "events"]
        self.context["pages"] = [page for page in self.context["pages"] if page not in events]
        now = build_now(settings)

        self.sections = []
        for kind in ARTICLE_KINDS:
            section = Section(KINDS[kind].plural, settings)
            section.slug = kind
            items = by_kind(articles, kind)
            section.articles = items
            self.sections.append((section, items))
            self._link_neighbours(items, section)
        self.events_section = Section("Events", settings)
        self.events_section.slug = "events"
        for event in events:
            event.section = self.events_section
        publications = next(items for section, items in self.sections if section.slug == "publications")
        self.regions = self._wrap(Region, by_name(articles, "region", settings["REGIONS"], self._slug))
        self.series = self._wrap(Series, by_name(articles, "series", [], self._slug))
        self._link_articles(self.regions, "region_listing")
        self._link_articles(self.series, "series_listing")
        upcoming, past = split_events(events, now)
        featured_post = featured(articles, settings["FEATURED_SERIES"])
        latest_posts = [post for post in by_kind(articles, "blog") if post is not featured_post]
        count = settings["HOME_LATEST_COUNT"]

        self.context.update(
            sections=[section for section, _ in self.sections],
            regions=self.regions,
            regions_index=[(region, region.articles) for region in self.regions],
            series_list=self.series,
            upcoming_events=upcoming,
            past_events=past,
            publication_groups=by_type_and_year(publications, settings["PUBLICATION_TYPES"]),
            next_event=upcoming[0] if upcoming else None,
            featured_post=featured_post,
            latest_posts=latest_posts[:count],
            latest_updates=by_kind(articles, "regional-updates")[:count],
        )

    def _slug(self, name: str) -> str:
        return URLWrapper(name, self.settings).slug

    def _wrap(self, wrapper, listings):
        wrapped = []
        for listing in listings:
            item = wrapper(listing.name, self.settings)
            item.articles = listing.items
            wrapped.append(item)
        return wrapped

    @staticmethod
    def _link_neighbours(items, section):
        """Each item's section (for breadcrumbs) and its older and newer neighbours of the same kind."""
        for number, item in enumerate(items):
            item.section = section
            item.next_in_kind = items[number - 1] if number > 0 else None  # newer
            item.previous_in_kind = items[number + 1] if number + 1 < len(items) else None  # older

    @staticmethod
    def _link_articles(listings, attribute):
        """Let each article's page link to its region or series listing."""
        for listing in listings:
            for article in listing.articles:
                setattr(article, attribute, listing)
