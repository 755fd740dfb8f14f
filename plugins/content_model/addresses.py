"""Each item's address and file, worked out once.

Pelican works an item's URL out from its URL setting every time something asks,
formatting a copy of the item's metadata; a 10,000-article build asks about 130,000
times (its own page, listings, related lists, previous and next, feeds, sitemap).
Once every file is read the address cannot change, so it is kept with Pelican's own
`override_url` and `override_save_as`, which `url` and `save_as` then return as they are.
"""

from __future__ import annotations

from .hooks import all_contents


def remember_addresses(generators) -> None:
    """The all_generators_finalized signal: store each item's URL and file (before anything reads them)."""
    for content in all_contents(generators):
        if not hasattr(content, "override_url"):
            content.override_url = content.url
        if not hasattr(content, "override_save_as"):
            content.override_save_as = content.save_as
