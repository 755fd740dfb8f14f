"""Connects Pagefind indexing to the end of Pelican's build."""

from __future__ import annotations

import logging
from pathlib import Path

from .indexer import index_site

logger = logging.getLogger(__name__)


def build_search_index(pelican) -> None:
    """Index what this build wrote (SEARCH_INDEX turns it off)."""
    if not pelican.settings.get("SEARCH_INDEX", True):
        return
    seconds = index_site(Path(pelican.output_path), pelican.settings["LANGUAGE"].split("-")[0])
    logger.info("search: indexed the site in %.3f s", seconds)
