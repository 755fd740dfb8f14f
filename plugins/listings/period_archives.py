"""Pelican's year archives, without its scan of the whole site per article.

Pelican 4.12 finds each period's articles with `[a for a in articles if a in dates]`,
a list scan per article per period (2 s of every build at 10,000 articles). Its
method is run without the articles, and each period is given them from one set of
its own. This relies on a private method (ArticlesGenerator._build_period_archives,
called while Pelican reads); Pelican's version is pinned, and
tests/unit/test_listings_pieces.py compares the result with Pelican's own and fails
if the method is gone or its result changes shape.
"""

from __future__ import annotations

from pelican.generators import ArticlesGenerator

_build_period_archives = ArticlesGenerator._build_period_archives


def build_period_archives(generator: ArticlesGenerator, sorted_articles, articles, settings):
    """Pelican's period archives, each period's `articles` in `articles`' order, found by identity."""
    period_archives = _build_period_archives(generator, sorted_articles, [], settings)
    for archives in period_archives.values():
        for archive in archives:
            members = {id(article) for article in archive["dates"]}
            archive["articles"] = [article for article in articles if id(article) in members]
    return period_archives


def use_fast_period_archives() -> None:
    """Replace the method once: a second call (register() run again) changes nothing."""
    ArticlesGenerator._build_period_archives = build_period_archives
