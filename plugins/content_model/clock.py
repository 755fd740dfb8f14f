"""The build's "now": one moment per build, which every plugin and Pelican's future-date rule share.

It is the moment the build started or, when the SOURCE_DATE_EPOCH environment
variable is set (seconds since 1970-01-01 UTC, the reproducible-builds.org
convention), that moment. Two builds of the same content with the same
SOURCE_DATE_EPOCH give the same bytes, whenever they run: which events are still
upcoming and which future-dated posts are published depend on it alone.
"""

from __future__ import annotations

import datetime
import os
from itertools import chain
from zoneinfo import ZoneInfo

from pelican.utils import order_content

NOW_SETTING = "BUILD_NOW"  # where the build's moment is kept, in the settings every generator shares
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


class BadSourceDateEpoch(ValueError):
    stage = "reading SOURCE_DATE_EPOCH"  # how sitebuild names this failure


def moment_from_environment(environ=os.environ) -> datetime.datetime:
    """SOURCE_DATE_EPOCH as an aware UTC time when it is set, else the current time."""
    value = environ.get(EPOCH_VARIABLE, "").strip()
    if not value:
        return datetime.datetime.now(datetime.UTC)
    if not value.isdigit():
        raise BadSourceDateEpoch(
            f"{EPOCH_VARIABLE} is {value!r}; it must be a whole number of seconds since 1970-01-01 UTC, "
            "such as the output of: git log -1 --format=%ct"
        )
    return datetime.datetime.fromtimestamp(int(value), datetime.UTC)


def start_build(pelican) -> None:
    """Fix this build's moment as it starts (connected to `initialized`, which every build sends first)."""
    pelican.settings[NOW_SETTING] = moment_from_environment()


def build_now(settings) -> datetime.datetime:
    """This build's moment in the site's time zone (TIMEZONE)."""
    moment = settings.get(NOW_SETTING) or settings.setdefault(NOW_SETTING, moment_from_environment())
    return moment.astimezone(ZoneInfo(settings["TIMEZONE"]))


def dated_later(item, settings) -> bool:
    """Whether an item carries a date later than this build's moment (an event's date is its
    start, which says nothing of when it is published)."""
    date = getattr(item, "date", None)
    return bool(date) and getattr(item, "kind", "") != "events" and date > build_now(settings)


def judge_future_dates(generator) -> None:
    """Re-apply WITH_FUTURE_DATES = False against the build's moment instead of the machine's clock.

    Pelican compares each article's date with datetime.now() as it reads the file;
    connected to `article_generator_pretaxonomy`, this runs before tags, categories,
    archives and feeds are made from the published articles.
    """
    settings = generator.settings
    if settings.get("WITH_FUTURE_DATES", True):
        return
    now = build_now(settings)
    by_status: dict[str, list] = {"published": [], "hidden": [], "draft": []}
    for article in chain(generator.articles, generator.hidden_articles, generator.drafts):
        article.status = status_at(article, now)
        by_status[article.status].append(article)
    order = settings["ARTICLE_ORDER_BY"]
    generator.articles = order_content(by_status["published"], order)
    generator.hidden_articles = order_content(by_status["hidden"], order)
    generator.drafts = order_content(by_status["draft"], order)


def status_at(article, now: datetime.datetime) -> str:
    """The status the article's front matter gives it, or 'draft' while its date is after `now`."""
    written = str(article.metadata.get("status", "published")).lower()
    if written not in ("published", "hidden"):
        return "draft"
    date = getattr(article, "date", None)
    if date is not None and date > (now if date.tzinfo else now.replace(tzinfo=None)):
        return "draft"
    return written
