"""Listings Pelican does not make: one per kind, region and series, the events page,
the regions index, and the home page's featured post, latest lists and next event.

Settings it reads (defaults in pelicanconf.py): REGIONS, FEATURED_SERIES,
HOME_LATEST_COUNT, SECTION_URL/SAVE_AS, REGION_URL/SAVE_AS, SERIES_URL/SAVE_AS,
EVENTS_URL/SAVE_AS, REGIONS_INDEX_URL/SAVE_AS.
"""

from pelican import signals
from pelican_internals import use_quick_period_archives

from .generator import ListingsGenerator


def add_generator(pelican):
    return ListingsGenerator


def register():
    use_quick_period_archives()  # Pelican's year archives without its scan per article (pelican_internals)
    signals.get_generators.connect(add_generator)
