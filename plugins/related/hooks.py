"""The thin layer between Pelican and the related-articles index.

When the articles are read, every blog post and regional update becomes a
`Record`; the index ranks them; each article gets `related_articles` (a tuple
of `RelatedArticle`) and `related_heading` for the page models. An article in
many lists is one `RelatedArticle` shared by all of them, and the picks' scores
stay with the index: `invoke related` ranks again to say why (`ranked`).
"""

from __future__ import annotations

import datetime
import gc
import logging
import time
from collections.abc import Callable
from dataclasses import fields
from functools import partial
from typing import NamedTuple

from content_model.clock import build_now
from content_model.hooks import all_contents  # related needs the content_model plugin
from content_model.prefetch import spare_workers
from content_model.progress import reading_progress
from content_model.text import plain_text, without_tags

from .index import Config, Pick, Record, RelatedIndex

KINDS = ("blog", "regional-updates")
RECORDS_AT_A_TIME = 1000  # records made between two calls of `progress` (a few hundredths of a second)


logger = logging.getLogger(__name__)


class RelatedArticle(NamedTuple):
    """An article as related lists show it, worked out once however many lists it is in."""

    article: object
    url: str
    title: str
    excerpt: str
    date: datetime.datetime
    date_text: str
    category: str


def config_from(settings) -> Config:
    """The index's Config from RELATED_* settings, each defaulting to Config's value."""
    values = {
        field.name: settings[f"RELATED_{field.name.upper()}"]
        for field in fields(Config)
        if f"RELATED_{field.name.upper()}" in settings
    }
    return Config(**values)


def url_of(article, settings) -> str:
    """article.url, without Pelican's cost of working it out on every call.

    Related articles are published articles, whose address is ARTICLE_URL filled
    in; an address that needs more (a `URL:` override, other fields) falls back
    to Pelican's own property.
    """
    if not hasattr(article, "override_url"):
        fields = {"slug": article.slug, "kind": article.kind, "date": article.date, "lang": article.lang}
        try:
            return settings["ARTICLE_URL"].format(category=article.category.slug, **fields)
        except (KeyError, IndexError, AttributeError):
            pass
    return article.url


def record_of(article, now: datetime.datetime, text_chars: int) -> Record:
    return Record(
        key=article.slug,
        title=plain_text(article.title),
        # The HTML as read, before link rewriting; only the start is ranked (RELATED_TEXT_CHARS).
        text=without_tags((article._content or "")[: text_chars * 2]),
        tags=tuple(tag.name for tag in getattr(article, "tags", [])),
        category=article.category.name,
        region=getattr(article, "region", "") or "",
        authors=tuple(author.name for author in getattr(article, "authors", [])),
        timestamp=article.date.timestamp(),
        pinned=tuple(getattr(article, "related", []) or []),
        excluded=tuple(getattr(article, "unrelated", []) or []),
        # Relatable: no keeps a post out of every other list (content_model makes it a bool)
        eligible=article.status == "published"
        and article.date <= now
        and getattr(article, "relatable", True),
    )


def add_related_articles(generator) -> None:
    """Give every blog post and regional update its related list.

    Python's cycle collector is paused meanwhile: ranking makes a million small
    objects, and each collection would walk all of Pelican's objects too
    (measured: seconds at 10,000 articles). Nothing made here forms cycles.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        _add_related_articles(generator)
    finally:
        if collecting:
            gc.enable()


def ranked(generators) -> tuple[RelatedIndex, dict[str, list[Pick]]]:
    """The index of every blog post and regional update of `generators` and its lists, as a
    build ranks them: `invoke related` shows each pick's score and asks the index why."""
    index = index_of(related_contents(generators), generators[0].settings)
    return index, index.related()  # the neighbour signal, which the reasons read, is made while ranking


def related_contents(generators) -> list:
    """The blog posts and regional updates: the articles that have related lists."""
    return [article for article in all_contents(generators) if article.kind in KINDS]


def index_of(contents: list, settings, progress: Callable[[], None] = lambda: None) -> RelatedIndex:
    """The index of `contents`; `progress()` is called between parts of the work (RelatedIndex)."""
    config = config_from(settings)
    now = build_now(settings)
    records = []
    for start in range(0, len(contents), RECORDS_AT_A_TIME):
        progress()
        part = contents[start : start + RECORDS_AT_A_TIME]
        records += [record_of(article, now, config.text_chars) for article in part]
    return RelatedIndex(records, config, spare=spare_workers(), progress=progress)


def _add_related_articles(generator) -> None:
    started = time.perf_counter()
    settings = generator.settings
    contents = related_contents([generator])
    if len({article.slug for article in contents}) < len(contents):
        return  # two articles share a slug: the content model stops the build and says which
    progress = partial(reading_progress.send, generator)  # where a build no longer wanted stops
    lists = index_of(contents, settings, progress).related()  # the index goes: picks are plain data
    by_slug = {article.slug: article for article in contents}
    shown: dict[str, RelatedArticle] = {}

    def entry(pick: Pick) -> RelatedArticle:
        if pick.key not in shown:
            target = by_slug[pick.key]
            shown[pick.key] = RelatedArticle(
                target,
                url_of(target, settings),
                target.title,
                target.excerpt,
                target.date,
                target.locale_date,
                target.category.name,
            )
        return shown[pick.key]

    for article in contents:
        article.related_articles = tuple(entry(pick) for pick in lists[article.slug])
        article.related_heading = settings["RELATED_HEADINGS"].get(article.kind, "Related articles")
    logger.info("related: ranked %d articles in %.3f s", len(contents), time.perf_counter() - started)
