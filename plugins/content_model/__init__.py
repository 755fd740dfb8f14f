"""Content model: each file's kind from its folder, and the front-matter rules of DESIGN.md.

Settings it reads (defaults in pelicanconf.py): CATEGORIES, REGIONS,
PUBLICATION_TYPES, EVENT_URL, EVENT_SAVE_AS, EXCERPT_LENGTH; for reading:
MARKDOWN, TYPOGRAPHY and TYPOGRIFY_*, READING_PROCESSES; for the files it reads and copies
(files.py): STATIC_PATHS, STATIC_FILE_TYPES, STATIC_CHECK_MAX_BYTES, IGNORE_FILES.
"""

from functools import partial

from pelican import signals

from . import clock, files, ordering, prefetch
from .addresses import remember_addresses
from .hooks import (
    add_plain_text,
    apply_content_model,
    check_whole_site,
    keep_content_objects,
    place_event,
    sanitise_content,
    use_content_reader,
)

# One object each, made once: register() may run again (a second build in one process), and
# blinker connects the same receiver once however often it is asked to.
PREFETCH_ARTICLES = partial(
    prefetch.prefetch_for, paths_setting="ARTICLE_PATHS", excludes_setting="ARTICLE_EXCLUDES"
)
PREFETCH_PAGES = partial(prefetch.prefetch_for, paths_setting="PAGE_PATHS", excludes_setting="PAGE_EXCLUDES")


def register():
    signals.readers_init.connect(use_content_reader)
    signals.readers_init.connect(files.read_only_markdown)  # no .html or .rst reader
    signals.initialized.connect(files.refuse_special_files)  # links, FIFOs: before any folder is walked
    signals.initialized.connect(clock.start_build)  # one moment per build: SOURCE_DATE_EPOCH or now
    signals.initialized.connect(prefetch.forget_all)
    signals.article_generator_init.connect(keep_content_objects)  # unchanged files' objects, unpickled
    signals.page_generator_init.connect(keep_content_objects)
    # A partial has no other reference than these: a weak one would vanish.
    signals.article_generator_init.connect(PREFETCH_ARTICLES, weak=False)  # after: it asks what is kept
    signals.page_generator_init.connect(PREFETCH_PAGES, weak=False)
    signals.article_generator_context.connect(apply_content_model)
    signals.page_generator_context.connect(apply_content_model)
    signals.content_object_init.connect(sanitise_content)  # first: the others read the clean text
    signals.content_object_init.connect(place_event)
    signals.content_object_init.connect(add_plain_text)
    signals.article_generator_pretaxonomy.connect(ordering.order_articles)  # the disk's order never shows
    signals.article_generator_pretaxonomy.connect(clock.judge_future_dates)  # after: it keeps ties' order
    signals.page_generator_finalized.connect(ordering.order_pages)
    signals.page_generator_finalized.connect(files.keep_static_links_inside)  # before the static generator
    signals.page_generator_finalized.connect(files.forget_missing_static_links)  # after: inside ones only
    signals.all_generators_finalized.connect(prefetch.stop_workers)  # everything is read
    signals.all_generators_finalized.connect(check_whole_site)
    signals.all_generators_finalized.connect(remember_addresses)  # before other plugins read them
