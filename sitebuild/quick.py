"""The preview's first answer to a saved post: its own page, from the site kept in memory.

After each full build the preview keeps what that build read (`KeptSite`: the
generators with the plugins' site data, the site's chrome and the theme). When a
comms officer saves a Markdown file that the kept site already holds,
`refresh_own_pages` reads that file again, exactly as a build reads it (the
generator's own readers and signals, so the content model checks it and the
sanitiser cleans it), gives the new object the site data of the old one (its
related list, listings, neighbours), makes its page's model with the same
`Builder` a build uses and writes that one page into the preview's folder. It takes
milliseconds, not a build's seconds, because nothing else is read.

It is a first answer, not the last: what the site data says about the saved post
is as of the last full build, so a new title reaches the page at once but other
pages' related lists and listings only with the full build that always follows
(sitebuild/preview.py), which also replaces this page if anything on it differs.
Whenever the quick answer could be wrong about the page itself, it gives none and
the full build answers alone: a new or deleted file, a problem in the file (the full
build reports it, by file and line), or a changed address.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2
from content_model.hooks import PROBLEMS, describe_authors
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from .pages.build import Builder
from .pages.render import Writer

logger = logging.getLogger(__name__)

READING = {  # each generator's content class and the signals it reads its files with
    ArticlesGenerator: (Article, signals.article_generator_preread, signals.article_generator_context),
    PagesGenerator: (Page, signals.page_generator_preread, signals.page_generator_context),
}
ITEM_LISTS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")  # every status
ADDRESS = ("override_url", "override_save_as")  # the kept address: compared, never copied blindly


@dataclass
class KeptSite:
    """What one full build read and made, kept by the preview until the next one succeeds."""

    generators: list
    site: object  # models.Site: the chrome every page shares
    environment: jinja2.Environment
    theme: bytes  # render.theme_digest of the templates

    def release(self) -> None:
        """Break the references between the kept objects (`break_references`). The site is unusable after."""
        break_references(self.generators)
        self.generators = []

    def find(self, source_path: str):
        """The generator holding the item read from `source_path`, and that item; (None, None)."""
        for generator in self.generators:
            if type(generator) not in READING:
                continue
            for name in ITEM_LISTS:
                for item in getattr(generator, name, ()):
                    if item.source_path == source_path:
                        return generator, item
        return None, None


def break_references(generators: list) -> None:
    """Break the references between a build's objects (its generators, their shared context and
    items), so that they are freed as soon as they are dropped rather than by Python's cycle
    collector, which holds every thread (the preview's quick refreshes, its server) for a
    quarter of a second to seconds at 10,000 articles."""
    for generator in generators:
        for name in ITEM_LISTS:
            for item in getattr(generator, name, ()):
                vars(item).clear()
        generator.context.clear()
        vars(generator).clear()


def refresh_own_pages(kept: KeptSite, paths: set[str], output: Path) -> dict[str, Path] | None:
    """Write the page of each saved file in `paths` into `output`; each address written
    ("/blog/a-post/") with its file, or None when the full build must answer alone."""
    renewed = []
    for path in sorted(paths):
        generator, old = kept.find(path)
        new = read_again(generator, path) if old is not None else None
        if new is None or not same_place(old, new) or not take_site_data(new, old, generator.settings):
            return None
        renewed.append(new)
    builder = Builder(kept.generators[0].settings, kept.generators[0].context, kept.site)
    writer = Writer(kept.environment, kept.theme, kept.site, output)
    for item in renewed:
        writer.render(builder.item_task(item))
    return {"/" + item.url: output / item.save_as for item in renewed}


def read_again(generator, path: str):
    """`path` read as the generator reads its files; None when reading found any problem.

    The problems list the content model keeps in the shared context is left as it was.
    """
    content_class, preread, context_signal = READING[type(generator)]
    problems = generator.context.setdefault(PROBLEMS, [])
    known = len(problems)
    try:
        item = generator.readers.read_file(
            base_path=generator.path,
            path=os.path.relpath(path, generator.path),
            content_class=content_class,
            context=generator.context,
            preread_signal=preread,
            preread_sender=generator,
            context_signal=context_signal,
            context_sender=generator,
        )
        valid = item is not None and hasattr(item, "front_matter") and item.is_valid()
    except Exception:  # the full build reports it, by file and line
        logger.debug("The quick refresh could not read %s", path, exc_info=True)
        return None
    finally:
        found = len(problems) > known
        del problems[known:]
    return item if valid and not found else None


def same_place(old, new) -> bool:
    """Whether the new object's page is the kept object's: the same address and status."""
    return (old.url, old.save_as) == (new.url, new.save_as) and old.status == new.status


def take_site_data(new, old, settings) -> bool:
    """Give `new` what the last full build's plugins added to `old`, and describe its authors;
    False when the authors file has a problem (the full build reports it)."""
    for name, value in vars(old).items():
        if name not in vars(new) and name not in ADDRESS:
            setattr(new, name, value)
    return not describe_authors([new], settings)
