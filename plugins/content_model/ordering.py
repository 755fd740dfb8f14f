"""Items in one order, whatever order the disk lists their files in.

Pelican reads files in the order os.walk gives them, which differs from one file
system to another, then sorts them by ARTICLE_ORDER_BY or PAGE_ORDER_BY: two posts
of one date would keep the disk's order. Pelican's translation pass sorted by slug
first; this site has no translations (the content model refuses `Lang`, and
ARTICLE_TRANSLATION_ID and PAGE_TRANSLATION_ID are None, which skips that pass and
its scan per item), so the slug order is given here: by slug, then the setting's.
"""

from __future__ import annotations

from pelican.utils import order_content

ARTICLE_LISTS = ("articles", "hidden_articles", "drafts")
PAGE_LISTS = ("pages", "hidden_pages", "draft_pages")


def in_order(items: list, order_by) -> None:
    """Sort `items` in place by slug, then by `order_by` (a Pelican *_ORDER_BY value)."""
    items.sort(key=lambda item: getattr(item, "slug", "") or "")
    order_content(items, order_by)  # a stable sort, in place: ties keep the slug order


def order_articles(generator) -> None:
    """The `article_generator_pretaxonomy` signal: before tags, categories and archives are made."""
    for name in ARTICLE_LISTS:
        in_order(getattr(generator, name), generator.settings["ARTICLE_ORDER_BY"])


def order_pages(generator) -> None:
    """The `page_generator_finalized` signal (the context holds the same lists)."""
    for name in PAGE_LISTS:
        in_order(getattr(generator, name), generator.settings["PAGE_ORDER_BY"])
