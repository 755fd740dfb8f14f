"""Bench-only Pelican plugin: write every article's related list (slugs) to BENCH_CAPTURE_FILE.

It reads whichever list the enabled plugin made: this site's `related_articles`,
pelican-related-posts' `related_posts` or pelican-similar-posts' `similar_posts`,
so all three are scored by the same measure.
"""

import json

from pelican import signals

ATTRIBUTES = ("related_articles", "related_posts", "similar_posts")


def slugs_of(items) -> list[str]:
    if not isinstance(items, list | tuple):  # pelican-related-posts leaves a string when it found nothing
        return []
    return [item.article.slug if hasattr(item, "article") else item.slug for item in items]


def capture(generators) -> None:
    settings = generators[0].settings
    lists = {}
    for generator in generators:
        for article in getattr(generator, "articles", []):
            found = next((getattr(article, name) for name in ATTRIBUTES if hasattr(article, name)), [])
            lists[article.slug] = slugs_of(found)
    with open(settings["BENCH_CAPTURE_FILE"], "w", encoding="utf-8") as file:
        json.dump(lists, file)


def register():
    signals.all_generators_finalized.connect(capture)
