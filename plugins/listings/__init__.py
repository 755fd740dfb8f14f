"""Listings Pelican does not make: one per kind, region and series, the events page,
the regions index, and the home page's featured post, latest lists and next event.

Settings it reads (defaults in pelicanconf.py): REGIONS, FEATURED_SERIES,
HOME_LATEST_COUNT, SECTION_URL/SAVE_AS, REGION_URL/SAVE_AS, SERIES_URL/SAVE_AS,
EVENTS_URL/SAVE_AS, REGIONS_INDEX_URL/SAVE_AS, REGION_FEED_ATOM (production).
"""

from pelican import signals

from .generator import ListingsGenerator
from .publications import page_window
from .term_pages import use_term_pages


def add_generator(pelican):
    return ListingsGenerator


def add_template_helpers(generator):
    """page_window(current, total): the page numbers a pagination bar shows."""
    generator.env.globals["page_window"] = page_window


def give_feed_its_own_id(context, feed):
    """Atom wants a distinct id per feed; Pelican gives every feed the site's address."""
    if feed.feed.get("feed_url"):
        feed.feed["id"] = feed.feed["feed_url"]


def register():
    use_term_pages()  # Pelican's tag, category, author and year pages without its quadratic scans
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_template_helpers)
    signals.feed_generated.connect(give_feed_its_own_id)
