"""The preview's quick refresh (sitebuild/quick.py): a saved file's own page from the kept site.

Its page must be the page the full build that follows writes, byte for byte, for any
edit that leaves the rest of the site's data as it was; whenever it could be wrong
about the page itself it must write nothing and leave the answer to the full build.
And the preview, after a run of saves, must serve what a cold build of the same files makes.
"""

from __future__ import annotations

import gc
import os
import shutil
import threading
import time
import weakref
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from content_model.progress import reading_progress
from pelican import signals

from sitebuild import preview as preview_module
from sitebuild.build import build
from sitebuild.pipeline import Selection, SiteBuild
from sitebuild.preview import FOLDER, Changes, Preview, build_settings
from sitebuild.quick import ITEM_LISTS, KeptSite, refresh_own_pages
from tests.conftest import Site, snapshot
from tests.fresh_process import in_fresh_process
from tests.previewing import CHANGE_SECONDS, RunningPreview
from tests.sites.test_incremental import BEFORE_THE_DAY, NEW_POST, POST, PUBLICATION, project, replace
from tests.sites.test_reproducible import differences

PREVIEW_OVERRIDES = build_settings("http://127.0.0.1:8000")  # as the preview on port 8000 builds
UPDATE = "regional-updates/2026/london-peer-challenge-and-inspection.md"
EVENT = "events/workforce-summit-2026.md"
PAGE = "pages/about.md"


@pytest.fixture
def moment(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE_THE_DAY)  # a new process starts with it


def full_build(site: Site) -> KeptSite:
    """A full build into the preview's folder, as the preview runs it; what it kept."""
    control = Selection()
    SiteBuild.selection = control
    try:
        result = build(site.root, overrides=PREVIEW_OVERRIDES, output_setting=FOLDER)
    finally:
        SiteBuild.selection = None
    assert result.ok, result.messages
    return control.kept


def page_file(site: Site, url: str) -> Path:
    return site.root / "preview" / url.strip("/") / "index.html"


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def add_paragraph(path: Path) -> None:
    append(path, "\nA *new* paragraph, with [a link](https://www.example.org/) and “quotes”.\n")


def retitle(path: Path, slug: str) -> None:
    """A new title at the same address (its slug written down)."""
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("Title: "))
    slug = "" if "\nSlug: " in text else f"\nSlug: {slug}"
    path.write_text(text.replace(title, f"{title}, revised{slug}", 1), encoding="utf-8")


@pytest.mark.parametrize("file", [POST, UPDATE, PUBLICATION, EVENT, PAGE])
def test_a_new_paragraph_gets_at_once_the_page_the_full_build_then_writes(tmp_path, moment, file):
    in_fresh_process(check_a_new_paragraph, tmp_path, file)


def check_a_new_paragraph(tmp_path, file):
    site = project(tmp_path / "site")
    kept = full_build(site)
    saved = site.content / file
    add_paragraph(saved)

    written = refresh_own_pages(kept, {str(saved)}, site.root / "preview")
    assert written and len(written) == 1, "an edit that keeps the address gets its page at once"
    [(url, file)] = written.items()
    assert file == page_file(site, url)
    quick = file.read_bytes()
    full_build(site)
    assert quick == file.read_bytes()


@pytest.mark.parametrize("file", [POST, UPDATE, PUBLICATION, EVENT, PAGE])
def test_a_new_title_shows_at_once_with_the_related_list_of_the_last_full_build(tmp_path, moment, file):
    in_fresh_process(check_a_new_title, tmp_path, file)


def check_a_new_title(tmp_path, file):
    """The one thing a quick page may show out of date: what it links to elsewhere in the site
    (its related list here, which ranks by title too), until the full build a moment later."""
    site = project(tmp_path / "site")
    kept = full_build(site)
    saved = site.content / file
    retitle(saved, kept.find(str(saved))[1].slug)

    written = refresh_own_pages(kept, {str(saved)}, site.root / "preview")
    assert written and len(written) == 1
    [file] = written.values()
    quick = BeautifulSoup(file.read_bytes(), "html.parser")
    full_build(site)
    full = BeautifulSoup(file.read_bytes(), "html.parser")
    assert ", revised" in quick.select_one("h1").get_text()
    for page in (quick, full):
        for related in page.select("#related-articles"):
            related.decompose()
    assert str(quick) == str(full)


def breaks(path: Path) -> None:
    """A misspelt category."""
    text = path.read_text(encoding="utf-8")
    category = next(line for line in text.splitlines() if line.startswith("Category: "))
    path.write_text(text.replace(category, "Category: Leadershp", 1), encoding="utf-8")


def moves(path: Path) -> None:
    replace(path, "Title: ", f"Slug: {path.stem}-moved\nTitle: ")


def drafts(path: Path) -> None:
    replace(path, "Title: ", "Status: draft\nTitle: ")


@pytest.mark.parametrize("edit", [breaks, moves, drafts])
def test_the_quick_refresh_writes_nothing_when_it_could_be_wrong(tmp_path, moment, edit):
    in_fresh_process(check_nothing_written, tmp_path, edit)


def check_nothing_written(tmp_path, edit):
    """A problem (the full build reports it), a new address or a new status: the full build answers."""
    site = project(tmp_path / "site")
    kept = full_build(site)
    before = snapshot(site.root / "preview")
    edit(site.content / POST)
    assert refresh_own_pages(kept, {str(site.content / POST)}, site.root / "preview") is None
    assert snapshot(site.root / "preview") == before


def test_a_new_file_is_left_to_the_full_build(tmp_path, moment):
    in_fresh_process(check_a_new_file, tmp_path)


def check_a_new_file(tmp_path):
    site = project(tmp_path / "site")
    kept = full_build(site)
    new = site.write("blog/2026/workforce-stability.md", NEW_POST)
    assert refresh_own_pages(kept, {str(new)}, site.root / "preview") is None


def test_a_build_frees_everything_the_build_before_it_made(tmp_path, moment):
    in_fresh_process(check_a_build_frees, tmp_path)


def check_a_build_frees(tmp_path):
    """The preview builds again and again in one process: only the latest site may stay in memory."""
    site = project(tmp_path / "site")
    first = full_build(site)
    items = [weakref.ref(item) for generator in first.generators for item in all_items(generator)]
    assert len(items) > 40
    del first
    append(site.content / POST, "\nA second build.\n")
    second = full_build(site)
    gc.collect()
    assert [ref() for ref in items if ref() is not None] == []
    assert second.find(str(site.content / POST))[1] is not None


def test_the_preview_collects_cycles_once_a_build_ends_never_during_it(tmp_path, moment):
    in_fresh_process(check_collections, tmp_path)


def check_collections(tmp_path):
    """Python's cycle collector is paused while the preview builds (its collections walked the
    growing site for about a second a build at 10,000 articles and found next to nothing), and
    runs once the build ends: a cancelled build's objects, held in cycles, are gone at once."""
    site = project(tmp_path / "site")
    preview = Preview(site.root, port=8000)
    collecting_during_build, cycles = [], []

    def note(sender, **kwargs):
        collecting_during_build.append(gc.isenabled())
        cycle = Cycle()
        cycle.itself = cycle  # garbage only the collector frees, made during the build
        cycles.append(weakref.ref(cycle))

    signals.all_generators_finalized.connect(note)
    try:
        preview.run_build()
    finally:
        signals.all_generators_finalized.disconnect(note)
    assert collecting_during_build == [False] and gc.isenabled()
    assert preview.kept is not None and gc.get_freeze_count() > 0  # the kept site, frozen
    assert cycles[0]() is None, "collected before the kept site was frozen, not frozen with it"

    made = []

    def cancel_once_read(content):  # each item made again: the saved post, not taken from the cache
        made.append(weakref.ref(content))
        preview.current.cancelled.set()

    append(site.content / POST, "\nA save the next save makes out of date.\n")
    signals.content_object_init.connect(cancel_once_read)
    try:
        preview.run_build()
    finally:
        signals.content_object_init.disconnect(cancel_once_read)
    assert made and gc.isenabled()
    assert [ref() for ref in made if ref() is not None] == [], "the cancelled build's items are freed"


def test_a_cancelled_build_collects_its_objects_once_the_saved_page_is_refreshed(tmp_path, moment):
    in_fresh_process(check_collection_waits_for_refresh, tmp_path)


def check_collection_waits_for_refresh(tmp_path):
    """A save cancels the running build and writes its page from the kept site. The cancelled
    build stops at once, and collecting its objects (a quarter of a second at 10,000 articles, no
    other thread running) waits until the page is written, even if the build's thread runs
    between the cancel and the refresh."""
    site = project(tmp_path / "site")
    preview = Preview(site.root, port=8000)
    preview.run_build()  # the kept site the refresh writes from
    preview_module.Selection = lambda: Selection(cancelled=SwitchingThreads())
    events = []
    building = threading.Event()

    def slow_refresh(kept, paths, output):  # the real refresh, made long enough to overlap
        events.append("refresh starts")
        time.sleep(0.5)
        written = refresh_own_pages(kept, paths, output)
        events.append("refresh ends")
        return written

    def collecting(phase, info):
        if phase == "start":
            events.append("collection")

    def started(sender, **kwargs):
        building.set()

    append(site.content / POST, "\nA save the next save makes out of date.\n")
    preview_module.refresh_own_pages = slow_refresh
    reading_progress.connect(started)
    builder = threading.Thread(target=preview.run_build)
    builder.start()
    try:
        assert building.wait(60)
        gc.callbacks.append(collecting)
        preview.take(Changes(markdown={str(site.content / POST)}))  # as the watcher thread does
        builder.join(60)
    finally:
        gc.callbacks.remove(collecting)
        reading_progress.disconnect(started)
    assert preview.current.cancelled.is_set() and not builder.is_alive()
    assert events[:3] == ["refresh starts", "refresh ends", "collection"], events
    assert "makes out of date" in page_file(site, preview.address_of(site.content / POST)).read_text(
        encoding="utf-8"
    )


class SwitchingThreads(threading.Event):
    """A cancel after which Python runs the other threads for a while, as it may at any moment."""

    def set(self) -> None:
        super().set()
        time.sleep(0.3)


class Cycle:
    itself: object = None


def all_items(generator) -> list:
    return [item for name in ITEM_LISTS for item in getattr(generator, name, ())]


class CancelledAfter(threading.Event):
    """Cancelled from the `checks`-th time a build asks: a save arriving while it writes."""

    def __init__(self, checks: int):
        super().__init__()
        self.asked = 0
        self.checks = checks

    def is_set(self) -> bool:
        self.asked += 1
        return self.asked >= self.checks or super().is_set()


@pytest.mark.parametrize("threads", [False, True], ids=["forked writers", "threads: no fork, as the preview"])
def test_a_build_cancelled_while_writing_stops_there_and_leaves_the_preview_as_it_was(
    tmp_path, moment, threads
):
    site = project(tmp_path / "site")
    full_build(site)
    before = snapshot(site.root / "preview")
    append(site.content / POST, "\nA save the next save makes out of date.\n")
    cancelled = CancelledAfter(checks=5)
    SiteBuild.selection = Selection(cancelled=cancelled)
    other_thread = threading.Event()
    if threads:
        threading.Thread(target=other_thread.wait, daemon=True).start()
    try:
        result = build(site.root, overrides=PREVIEW_OVERRIDES, output_setting=FOLDER)
    finally:
        SiteBuild.selection = None
        other_thread.set()
    assert not result.ok
    assert cancelled.asked == 5  # it stopped at the fifth page, not after writing all of them
    assert snapshot(site.root / "preview") == before
    assert not list(site.root.glob(".preview-building-*"))  # its staging folder is gone


@pytest.mark.parametrize("cached", [True, False], ids=["objects taken from the cache", "every file read"])
def test_a_build_cancelled_while_reading_stops_at_the_next_file(tmp_path, moment, cached):
    """A save arriving while the files are read stops the build at the next file it reads or takes
    from the object cache, not once all are read: it ranks no related posts and makes no site
    data. A quick refresh reading the saved file meanwhile, with the kept site, goes on."""
    site = project(tmp_path / "site")
    kept = full_build(site)
    if not cached:
        shutil.rmtree(site.root / "cache")
    before = snapshot(site.root / "preview")
    append(site.content / POST, "\nA save the next save makes out of date.\n")
    control = Selection()
    reached, finalized, refreshed = [], [], []

    def next_save_arrives(sender, **kwargs):  # each file read, or taken from the object cache
        reached.append(sender)
        if not control.cancelled.is_set():
            control.cancelled.set()
            try:  # as the watcher thread does, while the cancelled build still reads
                refreshed.append(refresh_own_pages(kept, {str(site.content / POST)}, site.root / "preview"))
            except BaseException as stopped:
                refreshed.append(stopped)

    def note(sender, **kwargs):
        finalized.append(sender)

    reading = (signals.article_generator_preread, signals.page_generator_preread, reading_progress)
    for signal in reading:
        signal.connect(next_save_arrives)
    signals.article_generator_finalized.connect(note)  # where related posts are ranked
    signals.all_generators_finalized.connect(note)
    SiteBuild.selection = control
    try:
        result = build(site.root, overrides=PREVIEW_OVERRIDES, output_setting=FOLDER)
    finally:
        SiteBuild.selection = None
        for signal in reading:
            signal.disconnect(next_save_arrives)
        signals.article_generator_finalized.disconnect(note)
        signals.all_generators_finalized.disconnect(note)
    assert not result.ok
    assert 1 <= len(reached) <= 2, f"{len(reached)} files reached: it stops at the next file, not at the last"
    assert finalized == []
    assert len(refreshed) == 1 and isinstance(refreshed[0], dict), refreshed
    assert not list(site.root.glob(".preview-building-*"))
    assert snapshot(site.root / "preview") != before  # the quick refresh wrote the saved post's page
    kept = full_build(site)  # the build the next save starts is whole
    _, item = kept.find(str(site.content / POST))
    assert "makes out of date" in page_file(site, item.url).read_text(encoding="utf-8")


@pytest.mark.parametrize("when", ["reading", "writing"])
def test_a_cancelled_build_leaves_nothing_for_the_cycle_collector(tmp_path, moment, when):
    in_fresh_process(check_nothing_left_for_the_collector, tmp_path, when)


def check_nothing_left_for_the_collector(tmp_path, when):
    """A cancelled build's objects are freed by reference counting before the preview collects:
    its saves cancel a build every few seconds, and collecting each one's objects in cycles held
    every thread for 0.16-0.95 s at 10,000 articles."""
    site = project(tmp_path / "site")
    preview = Preview(site.root, port=8000)
    preview.run_build()
    append(site.content / POST, "\nA save the next save makes out of date.\n")
    made, alive_when_collecting = [], []

    def note(content):  # the saved post, read again (the others are taken from the object cache)
        made.append(weakref.ref(content))
        if when == "reading":
            preview.current.cancelled.set()

    def cancel(sender, **kwargs):
        preview.current.cancelled.set()

    class Collector:  # the preview's gc module, noting what is alive as it collects
        def __getattr__(self, name):
            return getattr(gc, name)

        def collect(self, *generation):
            alive_when_collecting.append([ref for ref in made if ref() is not None])
            return gc.collect(*generation)

    preview_module.gc = Collector()
    signals.content_object_init.connect(note)
    if when == "writing":  # once everything is read: it stops at the first page
        signals.all_generators_finalized.connect(cancel)
    preview.run_build()
    assert preview.current.cancelled.is_set() and made
    assert alive_when_collecting == [[]], "freed before the collection, not by it"


def test_the_kept_site_holds_no_pickled_copy_of_its_objects(tmp_path, moment):
    """The object cache's entries (30 MB at 10,000 articles) are saved and let go once every file is
    read; the preview keeps the generators, and with them the cache, until its next build."""
    site = project(tmp_path / "site")
    full_build(site)
    kept = full_build(site)  # the objects taken from the cache
    caches = [generator.object_cache for generator in kept.generators if hasattr(generator, "object_cache")]
    assert caches and all(not cache.kept and not cache.met for cache in caches)
    assert (site.root / "cache" / "ArticlesGenerator-objects").is_file()


def test_after_a_run_of_saves_the_preview_serves_what_a_cold_build_makes(tmp_path):
    """Saves in quick succession (cancelling full builds), then the preview's folder is a cold build's."""
    environment = {"SOURCE_DATE_EPOCH": BEFORE_THE_DAY}
    os.environ.update(environment)  # the preview, a child process, builds at the same moment
    try:
        site = project(tmp_path / "site")
        with RunningPreview(site) as preview:
            for number, file in enumerate((POST, UPDATE, EVENT, POST)):
                append(site.content / file, f"\nSave number {number}.\n")
            retitle(site.content / PUBLICATION, "kinship-care-in-numbers")
            preview.wait_for(
                "/publications/",
                lambda status, text: ", revised" in text,
                CHANGE_SECONDS,
                "the full build after the last save",
            )
            served = preview_snapshot_when_settled(site)
        fresh = project(tmp_path / "fresh")
        for file in (POST, UPDATE, EVENT, PUBLICATION):
            (fresh.content / file).write_text(
                (site.content / file).read_text(encoding="utf-8"), encoding="utf-8"
            )
        in_fresh_process(cold_preview_build, fresh.root, preview.origin)
        cold = snapshot(fresh.root / "preview")
        assert served == cold, differences(served, cold)
    finally:
        for name in environment:
            os.environ.pop(name, None)


def cold_preview_build(root: Path, origin: str) -> None:
    """A build of the project at `root` into its preview folder, as the preview at `origin` builds, from
    nothing."""
    result = build(root, overrides=build_settings(origin), output_setting=FOLDER)
    assert result.ok, result.messages


def preview_snapshot_when_settled(site: Site) -> dict[str, str]:
    """The preview's folder once two looks a second apart agree (no build is swapping it)."""
    folder = site.root / "preview"
    last = None
    for _ in range(CHANGE_SECONDS):
        time.sleep(1)
        now = snapshot(folder)
        if now == last:
            return now
        last = now
    raise AssertionError("the preview's folder never settled")
