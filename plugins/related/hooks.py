"""The thin layer between Pelican and the related-articles index.

When the articles are read, every blog post and regional update becomes a
`Record`; the index ranks them; each article gets `related_articles` (a list
of `RelatedArticle`), `related_heading` and `excerpt` for the templates.
"""

from __future__ import annotations

import datetime
from dataclasses import fields
from itertools import chain
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .index import Config, Pick, Record, RelatedIndex
from .text import excerpt, plain_text, without_tags

KINDS = ("blog", "regional-updates")
LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
EXCERPT_SOURCE_CHARS = 2000  # enough HTML for any excerpt length worth showing


class RelatedArticle(NamedTuple):
    """One entry of a related list, with what the template shows worked out once per article."""

    article: object
    url: str
    title: str
    excerpt: str
    date: datetime.datetime
    date_text: str
    category: str
    pick: Pick


def config_from(settings) -> Config:
    """The index's Config from RELATED_* settings, each defaulting to Config's value."""
    values = {
        field.name: settings[f"RELATED_{field.name.upper()}"]
        for field in fields(Config)
        if f"RELATED_{field.name.upper()}" in settings
    }
    return Config(**values)


def excerpt_of(article, length: int) -> str:
    summary = article.metadata.get("summary")
    source = summary if summary else article._content[:EXCERPT_SOURCE_CHARS]
    return excerpt(plain_text(source or ""), length)


def record_of(article, now: datetime.datetime) -> Record:
    return Record(
        key=article.slug,
        title=plain_text(article.title),
        text=without_tags(article._content or ""),  # the HTML as read, before link rewriting
        tags=tuple(tag.name for tag in getattr(article, "tags", [])),
        category=article.category.name,
        region=getattr(article, "region", "") or "",
        authors=tuple(author.name for author in getattr(article, "authors", [])),
        timestamp=article.date.timestamp(),
        pinned=tuple(getattr(article, "related", []) or []),
        eligible=article.status == "published" and article.date <= now,
    )


def add_related_articles(generator) -> None:
    """Give every blog post and regional update its related list."""
    settings = generator.settings
    contents = [
        article
        for article in chain.from_iterable(getattr(generator, name, []) for name in LISTS)
        if getattr(article, "kind", None) in KINDS
    ]
    if len({article.slug for article in contents}) < len(contents):
        return  # two articles share a slug: the content model stops the build and says which
    now = datetime.datetime.now(ZoneInfo(settings["TIMEZONE"]))
    length = settings["RELATED_EXCERPT_LENGTH"]
    for article in contents:
        article.excerpt = excerpt_of(article, length)
    index = RelatedIndex([record_of(article, now) for article in contents], config_from(settings))
    lists = index.related()
    by_slug = {article.slug: article for article in contents}
    entries: dict[str, RelatedArticle] = {}

    def entry(pick: Pick) -> RelatedArticle:
        if pick.key not in entries:
            target = by_slug[pick.key]
            entries[pick.key] = RelatedArticle(
                target, target.url, target.title, target.excerpt, target.date,
                target.locale_date, target.category.name, pick,
            )
        return entries[pick.key]._replace(pick=pick)

    for article in contents:
        article.related_articles = [entry(pick) for pick in lists[article.slug]]
        article.related_heading = settings["RELATED_HEADINGS"].get(article.kind, "Related articles")
