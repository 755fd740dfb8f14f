"""Full-text search: Pagefind indexes every built page marked data-pagefind-body.

Setting: SEARCH_INDEX (default True in pelicanconf.py) turns indexing on.
"""

from pelican import signals

from .hooks import build_search_index


def register():
    signals.finalized.connect(build_search_index)
