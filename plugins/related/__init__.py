"""Related articles for every blog post and regional update, with the reasons for each pick.

The ranking lives in index.py (plain Python, numpy and scipy); hooks.py turns
Pelican's articles into records and back. Settings: RELATED_MAX,
RELATED_TAG_WEIGHT, RELATED_TEXT_WEIGHT, RELATED_CATEGORY_WEIGHT,
RELATED_REGION_WEIGHT, RELATED_AUTHOR_WEIGHT and the other fields of
`index.Config`, plus RELATED_HEADINGS
(defaults in pelicanconf.py).
"""

from pelican import signals


def register():
    # Imported here, not above: a process that counts words for the ranking imports text.py,
    # and with it this package, and needs no NumPy or SciPy (index.py).
    from .hooks import add_related_articles

    signals.article_generator_finalized.connect(add_related_articles)
