"""Content model: each file's kind from its folder, and the front-matter rules of DESIGN.md.

Settings it reads (defaults in pelicanconf.py): CATEGORIES, REGIONS,
PUBLICATION_TYPES, EVENT_URL, EVENT_SAVE_AS, EXCERPT_LENGTH.
"""

from pelican import signals

from .hooks import add_plain_text, apply_content_model, check_whole_site, place_event, use_content_reader


def register():
    signals.readers_init.connect(use_content_reader)
    signals.article_generator_context.connect(apply_content_model)
    signals.page_generator_context.connect(apply_content_model)
    signals.content_object_init.connect(place_event)
    signals.content_object_init.connect(add_plain_text)
    signals.all_generators_finalized.connect(check_whole_site)
