"""Listings Pelican does not make: one per kind, region and series, the events page,
the regions index, and the home page's featured post, latest lists and next event.

Settings it reads (defaults in pelicanconf.py): REGIONS, FEATURED_SERIES,
HOME_LATEST_COUNT, SECTION_URL/SAVE_AS, REGION_URL/SAVE_AS, SERIES_URL/SAVE_AS,
EVENTS_URL/SAVE_AS, REGIONS_INDEX_URL/SAVE_AS, REGION_FEED_ATOM (production).
"""

from pelican import signals

from .generator import ListingsGenerator
from .period_archives import use_fast_period_archives


def add_generator(pelican):
    return ListingsGenerator


def give_feed_its_own_id(context, feed):
    """Atom wants a distinct id per feed; Pelican gives every feed the site's address."""
    if feed.feed.get("feed_url"):
        feed.feed["id"] = feed.feed["feed_url"]


def register():
    use_fast_period_archives()  # Pelican's year archives without its quadratic scan
    signals.get_generators.connect(add_generator)
    signals.feed_generated.connect(give_feed_its_own_id)
