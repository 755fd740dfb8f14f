"""A build, step by step: Pelican reads, the plugins add what spans the site, every page becomes a
model, and one writer writes them all (DESIGN.md, "How it is put together").

`SiteBuild` is Pelican (its settings, plugins, readers, generators and signals) with a `run`
of its own, in two halves that `invoke check` and `invoke related` share the first of:

- `read()`: every generator reads (`generate_context`), the plugins add the site's data at
  `all_generators_finalized` (checks, listings, related lists, structured data), and links
  inside summaries are brought up to date: the first half of Pelican's own `run`.
- `write()`: the models of every page (pages/build.py), of every feed, calendar and
  sitemap file (pages/feeds.py) and of the redirects (pages/redirects.py) are written by
  the one writer (pages/render.py), theme and static files copied by Pelican's static
  generator; then `finalized` (search index, assets, compression).

Pelican's own page writing (its generators' `generate_output`) never runs: the writer
replaces it, so none of Pelican's writing methods needs replacing.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from assets.hooks import site_policies, theme_manifest
from content_model.clock import dated_later
from content_model.hooks import all_contents
from content_model.progress import reading_progress
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer as PelicanWriter
from pelican_internals import expect, forget_memoized_content

from .pages import models as m
from .pages.build import SitePages, Task, site_model, site_pages
from .pages.editor import copy_editor_scripts, editor_tasks
from .pages.feeds import feed_tasks
from .pages.redirects import redirect_tasks
from .pages.render import (
    Deferred,
    Writer,
    file_name,
    load_record,
    save_record,
    theme_digest,
    theme_environment,
)
from .quick import KeptSite

logger = logging.getLogger(__name__)


@dataclass
class Selection:
    """What the preview asks of one build: whether to stop, and to keep what it read."""

    cancelled: threading.Event = field(default_factory=threading.Event)  # set: the build stops
    kept: KeptSite | None = None  # what the build read and made, for the preview's quick refreshes
    # The build's generators, as soon as they are made: the preview breaks the references between
    # their objects if the build stops before it is kept (quick.break_references).
    generators: list = field(default_factory=list)


class BuildCancelled(BaseException):
    """The preview cancelled the build: a newer change arrived.

    Not an Exception, as asyncio's CancelledError is not: Pelican reads each file inside an
    `except Exception` that logs the file's error and goes on to the next file, so a build
    cancelled while it reads would otherwise stop only once every file is read."""


# Sent for each file a generator reads or takes from the object cache, between the parts of the
# related ranking (content_model/progress.py), and once the posts are read, the generator as
# sender: where a cancelled build stops while reading.
READING_SIGNALS = (
    signals.article_generator_preread,
    signals.page_generator_preread,
    signals.static_generator_preread,
    reading_progress,
    signals.article_generator_pretaxonomy,
)


class SiteBuild(Pelican):
    """One build of the site (sitebuild/build.py runs it into a staging folder)."""

    selection: Selection | None = None  # set by the preview for its own builds

    def run(self) -> None:
        started = time.perf_counter()
        try:
            generators = self.read()
            self.summary = content_summary(generators, self.settings)
            pages = self.write(generators)
            self.check_not_cancelled()  # before the search index, the longest step after writing
            signals.finalized.send(self)
            self.check_not_cancelled()  # a build a newer change made out of date never replaces the output
        finally:  # Pelican's memo would keep this build's items for the life of the process
            forget_memoized_content()
        logger.info("Wrote %d pages in %.2f seconds.", pages, time.perf_counter() - started)

    stage_seconds: dict[str, float]  # how long each step of the last run took (bench/plugins/stage_timer)
    summary: str = ""  # what the last run published, for the build's last line (content_summary)

    def check_not_cancelled(self) -> None:
        if self.selection is not None and self.selection.cancelled.is_set():
            raise BuildCancelled()

    def unless_cancelled(self, tasks: Iterator[Task]) -> Iterator[Task]:
        """The tasks, stopping the build as soon as the preview cancels it (a write takes seconds)."""
        for task in tasks:
            self.check_not_cancelled()
            yield task

    def unless_cancelled_item(self, pages: SitePages) -> Callable[[int], Task]:
        """pages.item_task, stopping the build as soon as the preview cancels it."""

        def item_task(number: int) -> Task:
            self.check_not_cancelled()
            return pages.item_task(number)

        return item_task

    def timed(self, stage: str, started: float) -> float:
        """Note that `stage` ran from `started` until now; now."""
        now = time.perf_counter()
        self.stage_seconds = getattr(self, "stage_seconds", {}) | {stage: now - started}
        return now

    def read(self) -> list:
        """Every generator after reading, with the plugins' site data: what the models are made from."""
        started = time.perf_counter()
        one_heap_for_every_thread()  # before the build's threads start
        context = self.settings.copy()
        context.update(generated_content={}, static_links=set(), static_content={})
        context["localsiteurl"] = self.settings["SITEURL"]
        expect(Pelican, "_get_generator_classes", ("self",))  # private: Pelican's run makes its generators so
        generators = [
            generator(
                context=context,
                settings=self.settings,
                path=self.path,
                theme=self.theme,
                output_path=self.output_path,
            )
            for generator in self._get_generator_classes()
        ]
        if self.selection is not None:
            self.selection.generators = generators
        with self.stopping_at_each_file(generators):
            for generator in generators:
                self.check_not_cancelled()
                if hasattr(generator, "generate_context"):
                    generator.generate_context()
                if hasattr(generator, "check_disabled_readers"):
                    generator.check_disabled_readers()
        self.check_not_cancelled()  # before the site data (the whole site's checks, listings...)
        started = self.timed("reading", started)
        signals.all_generators_finalized.send(generators)
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        give_memory_back()  # what reading and the site data needed only meanwhile, before writing
        self.timed("site data", started)
        return generators

    @contextmanager
    def stopping_at_each_file(self, generators: list) -> Iterator[None]:
        """While the generators read: stop the build if the preview cancelled it, at the next file
        one of them reads (READING_SIGNALS). Reading takes seconds at 10,000 articles, and a save
        arriving meanwhile waits for the cancelled build to stop before its own can start.

        Connected for this build's generators only: a quick refresh (sitebuild/quick.py), on
        another thread, reads a saved file with the kept site's generators meanwhile. And only
        for the preview's builds, the ones that can be cancelled: nothing is added to the
        signals of a production build's reading (one or more a file, 1.7 µs each with it)."""
        cancellable = generators if self.selection is not None else []
        connected = [(signal, generator) for generator in cancellable for signal in READING_SIGNALS]
        for signal, generator in connected:
            signal.connect(self.stop_if_cancelled, sender=generator)
        try:
            yield
        finally:
            for signal, generator in connected:
                signal.disconnect(self.stop_if_cancelled, sender=generator)

    def stop_if_cancelled(self, sender, **kwargs) -> None:
        """A signal's receiver: check_not_cancelled."""
        self.check_not_cancelled()

    def write(self, generators: list) -> int:
        """Write every page, feed, calendar and file; the number of pages."""
        started = time.perf_counter()
        settings = self.settings
        output = Path(self.output_path)
        site = chrome(settings)
        templates = Path(self.theme) / "templates"
        options = settings["JINJA_ENVIRONMENT"]
        environment, theme = theme_environment(templates, options), theme_digest(templates, options)
        self.check_not_cancelled()
        if self.selection is not None:
            self.selection.kept = KeptSite(generators, site, environment, theme)
        writer = Writer(environment, theme, site, output)
        cache = Path(settings["CACHE_PATH"])
        reuse_from = settings.get("REUSE_PAGES_FROM") if settings.get("REUSE_UNCHANGED_PAGES") else ""
        last = load_record(cache) if reuse_from else {}
        pages = site_pages(generators, site)
        outlines = [pages.item_outline(number) for number in range(pages.count)]
        items = Deferred(pages.count, self.unless_cancelled_item(pages), outlines.__getitem__)
        tasks = self.unless_cancelled(every_task(generators, pages, outlines, site))
        record = writer.write(
            tasks, processes(settings), Path(reuse_from) if reuse_from else None, last, items
        )
        if reuse_from:
            save_record(cache, record)
        for save_as in record:  # Pelican's signal for each file written, for any plugin that listens
            signals.content_written.send(str(output / file_name(save_as)), context={"output_file": save_as})
        started = self.timed("writing pages", started)
        self.write_other_files(generators, output)
        self.timed("feeds and files", started)
        return len(record)

    def write_other_files(self, generators: list, output: Path) -> None:
        """Theme and static files (Pelican's static generator): the output of every generator but
        Pelican's articles and pages, whose pages are page models."""
        copy_editor_scripts(self.settings, output)
        writer = PelicanWriter(str(output), settings=self.settings)
        for generator in generators:
            replaced = isinstance(generator, ArticlesGenerator | PagesGenerator)
            if not replaced and hasattr(generator, "generate_output"):
                generator.generate_output(writer)


def chrome(settings: dict) -> m.Site:
    """What every page shows of the site (its model), with the theme's files at their hashed names."""
    names = theme_manifest(settings)
    static_dir = settings["THEME_STATIC_DIR"]
    assets = {name: f"{static_dir}/{hashed}" for name, hashed in names.items()}
    return site_model(settings, site_policies(settings, names, for_meta=True), assets)


def content_summary(generators: list, settings: dict) -> str:
    """What this build publishes, for its last line: '30 published, 1 scheduled for 4 January 2027
    (shown here until then), 2 drafts (shown here only)'. A scheduled post is one dated later than
    the build: a production build leaves it out as Pelican does drafts (its Status is not draft),
    a development build shows it. Counted from the content files (every kind), not from pages."""
    published, drafts, scheduled = 0, 0, []
    for item in all_contents(generators):
        status = item.front_matter.get("status")  # as written: production makes a later post a draft
        if status and status.value.strip().lower() == "draft":
            drafts += 1
        elif dated_later(item, settings):
            scheduled.append(item.date.date())
        else:
            published += 1
    shown = settings.get("WITH_FUTURE_DATES", True)
    parts = [f"{published} published"]
    if scheduled:
        days = ", ".join(day.strftime(settings["DEFAULT_DATE_FORMAT"]) for day in sorted(set(scheduled)))
        until = "shown here until then" if shown else "left out until then"
        parts.append(f"{len(scheduled)} scheduled for {days} ({until})")
    if drafts:
        where = "shown here only" if shown else "left out"
        parts.append(f"{drafts} draft{'s' if drafts != 1 else ''} ({where})")
    return ", ".join(parts)


def every_task(generators: list, pages: SitePages, outlines: list[Task], site: m.Site) -> Iterator[Task]:
    """Every page's task but the items' (the writer makes those itself), then every feed's,
    calendar's and sitemap's, then the browser editor's and the redirects', each made when the
    writer asks.

    The calendars and the sitemap are made from all the page tasks, kept here without their
    models: the items' `outlines`, then each other task as it passes. The redirects are checked
    against every file before them (pages/redirects.py), and are in no sitemap.
    """
    outlines = list(outlines)
    for task in pages.others:
        outlines.append(replace(task, page=None))
        yield task
    written = list(outlines)
    for task in feed_tasks(generators, outlines):
        written.append(replace(task, page=None))
        yield task
    for task in editor_tasks(generators, site):  # not in the sitemap; no redirect may shadow it
        written.append(replace(task, page=None))
        yield task
    yield from redirect_tasks(generators, written)


def one_heap_for_every_thread() -> None:
    """Let every thread of this process allocate from one glibc heap (M_ARENA_MAX = 1).

    glibc gives each new thread a heap of its own, and what the threads that rank related
    articles on every core freed in theirs stayed in the process, even after a trim, to
    the end of the build and in every process forked to write pages (measured on the
    10,000 talks, ranking alone: 27 MB kept with a heap per thread, 8 MB with one heap,
    and a peak 20 MB lower). It has a cost: the ranking alone took 1.82-2.03 s with one
    heap against 1.55-1.66 s with a heap per thread (four runs each, alternating), as glibc
    maps and unmaps the ranking's large temporaries. Fixed limits that keep them in the
    heap made the ranking alone as quick as with a heap per thread, but in two bench runs
    of whole builds the plugin took no measurably less time and the build's peak rose 10 MB.
    """
    call_glibc("mallopt", M_ARENA_MAX, 1)


M_ARENA_MAX = -8  # glibc's malloc.h


def give_memory_back() -> None:
    """Return to the system the memory this process freed but glibc keeps for later.

    glibc gives freed memory back only from the top of its heaps, unless asked to trim; so
    what a step needed only while it ran (reading's texts, related articles' matrices, a
    kept site the preview replaced) would stay in the process's size to the end. Trimming
    takes half a millisecond after reading 10,000 articles.
    """
    call_glibc("malloc_trim", 0)


def call_glibc(function: str, *arguments: int) -> None:
    """glibc's `function` with `arguments`; nothing where the C library is not glibc."""
    try:
        getattr(ctypes.CDLL("libc.so.6"), function)(*arguments)
    except (OSError, AttributeError):
        pass


def processes(settings) -> int:
    """WRITING_PROCESSES, or one per core when it is 0."""
    wanted = settings.get("WRITING_PROCESSES") or 0
    return wanted or len(os.sched_getaffinity(0))
