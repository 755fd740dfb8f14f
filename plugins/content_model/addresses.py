"""Each item's address, worked out once.

Pelican works an item's URL out from its URL setting every time a template asks,
formatting a copy of the item's metadata; a 10,000-article build asks about 130,000
times (its own page, listings, related lists, previous and next, feeds, sitemap).
Once every file is read the address cannot change, so it is kept with Pelican's own
`override_url`, which `url` then returns as it is.
"""

from __future__ import annotations

from .hooks import all_contents


def remember_addresses(generators) -> None:
    """The all_generators_finalized signal: store each item's URL (before anything reads it)."""
    for content in all_contents(generators):
        if not hasattr(content, "override_url"):
            content.override_url = content.url
