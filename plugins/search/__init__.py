"""Full-text search: Pagefind indexes every built page marked data-pagefind-body.

Settings: SEARCH_INDEX (default True in pelicanconf.py) turns indexing on; SEARCH_PAGES_PER_INDEX
(default 2000) is the most pages one Pagefind process indexes (see groups.py);
SEARCH_REUSE_BUNDLES (default off; on in pelicanconf.py) copies unchanged bundles from the
cache (reuse.py); SEARCH_INDEX_LATER (default off; the preview turns it on for its builds)
leaves the changed bundles of a site in groups for after the build (indexer.index_later).
"""

from pelican import signals

from .hooks import build_search_index


def register():
    signals.finalized.connect(build_search_index)
