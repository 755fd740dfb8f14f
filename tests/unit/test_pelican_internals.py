"""plugins/pelican_internals: what the site replaces in Pelican and pelican-precompress is still there in
the shape each replacement was written for, each replacement gives what the original gives, and a
changed original stops the build with a message instead of changing the output."""

from __future__ import annotations

import datetime
import gzip
import weakref
from types import SimpleNamespace

import blinker
import brotli
import pelican_internals
import pytest
from content_model.ordering import in_order
from pelican import Pelican
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.plugins import precompress
from pelican_internals import PelicanChanged, expect


@pytest.mark.parametrize("generator", [ArticlesGenerator, PagesGenerator])
def test_the_generators_cache_methods_are_the_ones_the_object_cache_replaces(generator):
    for name, parameters in pelican_internals.CACHE_METHODS.items():
        expect(generator, name, ("self", *parameters))


def test_every_other_original_is_there_with_its_parameters():
    expect(
        ArticlesGenerator,
        "_build_period_archives",
        pelican_internals.PERIOD_ARCHIVES_PARAMETERS,
        pelican_internals.pelicans_period_archives,
    )
    expect(precompress, "compress_files", ("instance",))
    expect(precompress, "worker", ("data", "path", "enabled_format", "settings"))
    expect(Pelican, "_get_generator_classes", ("self",))  # sitebuild/pipeline.py calls it


def test_a_changed_original_stops_the_build_naming_it():
    changed = SimpleNamespace(
        __name__="pelican.generators.ArticlesGenerator", get_cached_data=lambda self: None
    )
    with pytest.raises(
        PelicanChanged, match=r"ArticlesGenerator\.get_cached_data .*Review plugins/pelican_internals"
    ):
        expect(changed, "get_cached_data", ("self", "filename", "default"))
    with pytest.raises(PelicanChanged, match="gone_method"):
        expect(changed, "gone_method", ())


def test_quick_year_archives_are_pelicans_own():
    years = [2019, 2024, 2024, 2021, 2024, 2019, 2026]
    articles = [
        SimpleNamespace(date=datetime.datetime(year, 1 + number, 1)) for number, year in enumerate(years)
    ]
    sorted_articles = sorted(articles, key=lambda article: article.date, reverse=True)
    settings = {
        "YEAR_ARCHIVE_SAVE_AS": "archive/{date:%Y}/index.html",
        "YEAR_ARCHIVE_URL": "archive/{date:%Y}/",
        "MONTH_ARCHIVE_SAVE_AS": "archive/{date:%Y}/{date:%m}/index.html",
        "MONTH_ARCHIVE_URL": "archive/{date:%Y}/{date:%m}/",
        "DAY_ARCHIVE_SAVE_AS": "",
        "DAY_ARCHIVE_URL": "",
    }
    pelicans = pelican_internals.pelicans_period_archives(None, sorted_articles, articles, settings)
    ours = pelican_internals.quick_period_archives(None, sorted_articles, articles, settings)
    assert ours == pelicans
    assert [len(archive["articles"]) for archive in ours["year"]] == [1, 3, 1, 2]


def test_replacing_twice_is_replacing_once():
    """register() may run again in one process (the preview): the original is never wrapped twice."""
    pelican_internals.use_quick_period_archives()
    pelican_internals.use_quick_period_archives()
    assert ArticlesGenerator._build_period_archives is pelican_internals.quick_period_archives
    assert pelican_internals.pelicans_period_archives is not pelican_internals.quick_period_archives


def test_chunked_compression_replaces_the_plugins_brotli_and_dispatcher():
    def quick_brotli(data: bytes) -> bytes:
        return brotli.compress(data, mode=brotli.MODE_TEXT, quality=5)

    def dispatcher(pelican_object):
        pass

    original_brotli = precompress.compress_with_brotli
    compress = blinker.signal("compress")
    try:
        for _ in range(2):
            pelican_internals.use_chunked_compression(quick_brotli, dispatcher)
        text = b"<p>Peer challenge in the North East</p>" * 200
        assert brotli.decompress(precompress.compress_with_brotli(text)) == text
        assert precompress.compress_with_brotli(text) == quick_brotli(text)
        with pytest.raises(precompress.FileSizeIncrease):  # the plugin's size check is kept
            precompress.compress_with_brotli(b"x")
        receivers = [ref() if isinstance(ref, weakref.ref) else ref for ref in compress.receivers.values()]
        assert dispatcher in receivers and precompress.compress_files not in receivers
        assert (
            gzip.decompress(precompress.compress_with_gzip(text)) == text
        )  # the other formats are the plugin's
    finally:
        precompress.compress_with_brotli = original_brotli
        compress.disconnect(dispatcher)


def test_items_that_tie_are_in_slug_order_whatever_the_disk_order():
    day = datetime.datetime(2026, 5, 1)
    dates = {"c": day, "a": day, "z": day.replace(day=2), "b": day}
    read = [SimpleNamespace(slug=slug, date=date) for slug, date in dates.items()]
    for order in (read, read[::-1]):
        items = list(order)
        in_order(items, "reversed-date")
        assert [item.slug for item in items] == ["z", "a", "b", "c"]


def test_forgetting_pelicans_memo_frees_the_items_it_held(monkeypatch):
    from pelican.contents import Article

    article = Article("<p>Text.</p>", metadata={"title": "A post"}, settings=None)
    article.get_content("")
    article.get_summary("")
    held = weakref.ref(article)
    del article
    assert held() is not None, "Pelican's memo keeps every item whose text was asked for"
    pelican_internals.forget_memoized_content()
    assert held() is None


def test_a_memo_pelican_no_longer_has_stops_the_build(monkeypatch):
    from pelican.contents import Content

    monkeypatch.setattr(Content, "get_content", lambda self, siteurl: "")
    with pytest.raises(PelicanChanged, match="Content.get_content is not memoized"):
        pelican_internals.forget_memoized_content()
