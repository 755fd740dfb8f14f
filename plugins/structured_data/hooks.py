"""Gives each published post, update and event its JSON-LD (`structured_data`) for the templates.

The JSON is made when a page shows it, not kept for every item from the start:
at 10,000 articles the kept texts came to about 20 MB of the build's peak memory.
"""

from __future__ import annotations

from content_model.kinds import KINDS  # structured_data needs the content_model plugin

from .schema import as_script_text, blog_posting, breadcrumbs, event

POSTS = ("blog", "regional-updates")


def add_structured_data(generators) -> None:
    settings = generators[0].settings
    site = settings["SITEURL"] if not settings["RELATIVE_URLS"] else ""
    for generator in generators:
        for item in (
            list(getattr(generator, "articles", []))
            + list(getattr(generator, "pages", []))
            + list(getattr(generator, "hidden_pages", []))
        ):
            kind = getattr(item, "kind", None)
            if kind in POSTS or kind == "events":
                item.structured_data = StructuredData(item, kind, site, settings["SITENAME"])


class StructuredData:
    """An item's JSON-LD, made when a template shows it (`{{ article.structured_data|safe }}`)."""

    def __init__(self, item, kind: str, site: str, sitename: str):
        self.item, self.kind, self.site, self.sitename = item, kind, site, sitename

    def __str__(self) -> str:
        return describe(self.item, self.kind, self.site, self.sitename)

    __html__ = __str__  # what Jinja's |safe and Markup() take


def describe(item, kind: str, site: str, sitename: str) -> str:
    address = f"{site}/{item.url}"
    trail = [("Home", f"{site}/"), (KINDS[kind].plural, f"{site}/{kind}/"), (item.plain_title, address)]
    if kind == "events":
        main = event(
            title=item.plain_title,
            address=address,
            start=item.start,
            end=getattr(item, "end", None),
            location=getattr(item, "location", "") or "",
            booking=getattr(item, "booking", "") or "",
            organiser=sitename,
            description=item.excerpt,
        )
    else:
        main = blog_posting(
            title=item.plain_title,
            address=address,
            published=item.date,
            modified=getattr(item, "modified", None),
            authors=[author.name for author in item.authors],
            publisher=sitename,
            description=item.excerpt,
            section=item.category.name,
            keywords=[tag.name for tag in getattr(item, "tags", [])],
        )
    return as_script_text(main, breadcrumbs(trail))
