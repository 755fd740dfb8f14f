"""Connects Pagefind indexing to the end of Pelican's build."""

from __future__ import annotations

import logging
from pathlib import Path

from .indexer import SearchIndexFailed, index_site

logger = logging.getLogger(__name__)

DEFAULT_PAGES_PER_INDEX = 2000  # pelicanconf.py documents it


def build_search_index(pelican) -> None:
    """Index what this build wrote (SEARCH_INDEX turns it off; SEARCH_REUSE_BUNDLES keeps bundles;
    SEARCH_INDEX_LATER, with it, leaves changed bundles to indexer.index_later)."""
    settings = pelican.settings
    if not settings.get("SEARCH_INDEX", True):
        return
    pages_per_index = settings.get("SEARCH_PAGES_PER_INDEX", DEFAULT_PAGES_PER_INDEX)
    if isinstance(pages_per_index, bool) or not isinstance(pages_per_index, int) or pages_per_index < 1:
        raise SearchIndexFailed(
            f"SEARCH_PAGES_PER_INDEX is {pages_per_index!r}; it must be a whole number of pages, 1 or more."
        )
    language = settings["LANGUAGE"].split("-")[0]
    reuse_from = Path(settings["CACHE_PATH"], "search") if settings.get("SEARCH_REUSE_BUNDLES") else None
    served = settings.get("REUSE_PAGES_FROM")  # the live folder this build replaces (sitebuild/build.py)
    stand_ins = Path(served) if served and settings.get("SEARCH_INDEX_LATER") else None
    seconds, bundles, reused = index_site(
        Path(pelican.output_path), language, pages_per_index, reuse_from, stand_ins
    )
    # bench/runner.py reads this line's start
    logger.info(
        "search: indexed the site in %.3f s (%d Pagefind bundle%s, %d unchanged and copied)",
        seconds,
        bundles,
        "s"[: bundles > 1],
        reused,
    )
