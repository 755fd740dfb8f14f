"""Every place the site reaches into Pelican's or pelican-precompress's private workings.

The site's pages, feeds, calendars and sitemap are written by its own writer
(sitebuild/pages/), so none of Pelican's writing methods is replaced. What is left
is here, each with why it is needed; each replacement checks, as it is made, that
what it replaces is still there in the shape it was written for, and stops the
build with `PelicanChanged` otherwise (never silently different output).
tests/unit/test_pelican_internals.py checks the same on the pinned versions, and
that each replacement gives what the original gives.

- `use_object_cache`: the content model's object cache (content_model/object_cache.py)
  stands in for the generator's own cache methods, so unchanged files' content
  objects are unpickled instead of made again (Pelican has no hook for a cache).
- `use_quick_period_archives`: Pelican finds each year's articles with a list scan
  per article (2 s of every build at 10,000 articles).
- `use_chunked_compression`: pelican-precompress compresses with brotli's slowest
  quality and hands out one task per file and format (minutes at 10,000 articles).
- `forget_memoized_content`: Pelican memoizes every item's text for the life of the
  process, keyed by the item, so a process that builds again and again (the preview)
  keeps every build's items (3.4 GB after 20 saves at 10,000 articles).

sitebuild/pipeline.py also calls one private method, `Pelican._get_generator_classes`,
to make the generators as Pelican's own `run` does; the same test checks it.

This is a package of plain functions the plugins call, not a plugin itself.
"""

from __future__ import annotations

import inspect

import blinker
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, Generator
from pelican.plugins import precompress
from pelican.utils import memoized


class PelicanChanged(RuntimeError):
    """Pelican or pelican-precompress no longer has what the site replaces: the build stops."""

    stage = "starting Pelican"  # how sitebuild names this failure


def expect(owner, name: str, parameters: tuple[str, ...], original=None) -> None:
    """Stop unless `owner.name` (or the `original` it had) exists and takes exactly `parameters`."""
    original = original or getattr(owner, name, None)
    found = tuple(inspect.signature(original).parameters) if callable(original) else None
    if found != parameters:
        raise PelicanChanged(
            f"{owner.__name__}.{name} is not what plugins/pelican_internals expects "
            f"(parameters {found}, expected {parameters}): Pelican or pelican-precompress has changed. "
            "Review plugins/pelican_internals/__init__.py against the new version."
        )


# --- The object cache ------------------------------------------------------------------
CACHE_METHODS = {
    "get_cached_data": ("filename", "default"),
    "cache_data": ("filename", "data"),
    "save_cache": (),
}


def use_object_cache(generator: Generator, cache) -> None:
    """Give `generator` the object cache's `get_cached_data`, `cache_data` and `save_cache`.

    Pelican's generators call these three (from FileStampDataCacher) for every file
    when CONTENT_CACHING_LAYER is "generator"; the object cache answers them.
    """
    for name, parameters in CACHE_METHODS.items():
        expect(type(generator), name, ("self", *parameters))
    generator.get_cached_data = cache.get_cached_data
    generator.cache_data = cache.cache_data
    generator.save_cache = cache.save_cache


# --- Year archives -----------------------------------------------------------------------
PERIOD_ARCHIVES = "_build_period_archives"
PERIOD_ARCHIVES_PARAMETERS = ("self", "sorted_articles", "articles", "settings")
pelicans_period_archives = ArticlesGenerator.__dict__.get(PERIOD_ARCHIVES)


def quick_period_archives(self: ArticlesGenerator, sorted_articles, articles, settings):
    """Pelican's period archives, each period's `articles` in `articles`' order, found by identity.

    Pelican 4.12 gives each period `[a for a in articles if a in dates]`. Its method
    runs here without the articles, and each period is given them from a set.
    """
    period_archives = pelicans_period_archives(self, sorted_articles, [], settings)
    for archives in period_archives.values():
        for archive in archives:
            members = {id(article) for article in archive["dates"]}
            archive["articles"] = [article for article in articles if id(article) in members]
    return period_archives


def use_quick_period_archives() -> None:
    """Replace ArticlesGenerator._build_period_archives (once: a second call changes nothing)."""
    expect(ArticlesGenerator, PERIOD_ARCHIVES, PERIOD_ARCHIVES_PARAMETERS, pelicans_period_archives)
    setattr(ArticlesGenerator, PERIOD_ARCHIVES, quick_period_archives)


# --- pelican-precompress -----------------------------------------------------------------
def use_chunked_compression(brotli_compressor, compress_files) -> None:
    """pelican-precompress with `brotli_compressor` (a quicker quality) and `compress_files`
    (chunks of paths per worker) in place of its own; its size checks and settings stay.

    The plugin looks its compressors up by name as it runs, and starts on the
    `compress` signal (pelican-granular-signals), where its own receiver is swapped.
    """
    expect(precompress, "compress_with_brotli", ("data",))
    expect(precompress, "compress_files", ("instance",))
    expect(precompress, "validate_file_sizes", ("wrapped",))
    expect(precompress, "worker", ("data", "path", "enabled_format", "settings"))
    brotli_compressor.__module__ = precompress.__name__  # found under the name it replaces
    precompress.compress_with_brotli = precompress.validate_file_sizes(brotli_compressor)
    compress_signal = blinker.signal("compress")
    compress_signal.disconnect(precompress.compress_files)
    compress_signal.connect(compress_files)


# --- Pelican's memo of every item's text -------------------------------------------------
MEMOIZED = ("get_content", "get_summary")  # Content's methods under pelican.utils.memoized


def forget_memoized_content() -> None:
    """Empty the memos of Content.get_content and get_summary, and with them every item they hold.

    pelican.utils.memoized keeps one dict per method for the life of the process, keyed
    by the arguments, the item itself first: nothing a build made is ever freed. Called
    when a build ends (sitebuild/pipeline.py), so the next build starts with none.
    """
    for name in MEMOIZED:
        memo = Content.__dict__.get(name)
        if not isinstance(memo, memoized) or not isinstance(getattr(memo, "cache", None), dict):
            raise PelicanChanged(
                f"Content.{name} is not memoized as plugins/pelican_internals expects: Pelican has changed. "
                "Review plugins/pelican_internals/__init__.py against the new version."
            )
        memo.cache.clear()
