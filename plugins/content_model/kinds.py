"""The kinds of content the site publishes, each known by its top-level folder."""

from __future__ import annotations

from dataclasses import dataclass

# Keys every kind may have: Slug and Status choose the address and the state, Summary is
# Markdown, Modified is when it last changed (feeds and the sitemap show it).
SHARED = ("title", "slug", "status", "summary", "modified")


@dataclass(frozen=True)
class Kind:
    folder: str  # top-level folder under content/, also the URL prefix
    label: str  # one item, as a reader sees it: "Blog post"
    plural: str  # the listing's title: "Blog posts"
    required: tuple[str, ...]  # front-matter keys a file of this kind must have
    optional: tuple[str, ...] = ()  # the other keys this kind uses, checked when present

    @property
    def keys(self) -> frozenset[str]:
        """Every front-matter key the site reads for this kind (lower case); any other key is only kept."""
        keys = {*SHARED, *self.required, *self.optional}
        if "authors" in keys:
            keys.add("author")  # Author and Authors are interchangeable
        return frozenset(keys)


# Author and Authors are interchangeable: "authors" here accepts either.
KINDS: dict[str, Kind] = {
    kind.folder: kind
    for kind in (
        Kind(
            "blog",
            "Blog post",
            "Blog posts",
            ("title", "date", "category", "authors"),
            ("tags", "region", "series", "related", "unrelated", "relatable"),
        ),
        Kind(
            "regional-updates",
            "Regional update",
            "Regional updates",
            ("title", "date", "category", "authors", "region"),
            ("tags", "related", "unrelated", "relatable"),
        ),
        Kind("events", "Event", "Events", ("title", "start"), ("end", "location", "booking", "tags")),
        Kind(
            "publications",
            "Publication",
            "Publications",
            ("title", "date", "category", "type"),
            ("publisher", "year", "pages", "file", "link", "tags", "authors"),
        ),
        Kind("pages", "Page", "Pages", ("title",)),
    )
}

# Kinds that Pelican reads as articles (dated, categorised, in feeds and archives);
# the others are read as pages.
ARTICLE_KINDS = ("blog", "regional-updates", "publications")
PAGE_KINDS = ("pages", "events")


def kind_of(relative_path: str) -> Kind | None:
    """The kind of a file from its path under content/, or None outside the kind folders."""
    folder, separator, _ = relative_path.partition("/")
    return KINDS.get(folder) if separator else None
