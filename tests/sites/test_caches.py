"""Pelican's content cache (development builds) never changes what a build writes.

The same content gives the same files with a cold cache, a warm one and none;
after an edit, a warm rebuild gives what a cold build of the edited content gives.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import REPO, Site, snapshot
from tests.sites.test_reproducible import differences

NO_CACHE = """
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""
EDITED = "blog/2026/peer-challenge-is-how-we-get-better-together.md"


def example_copy(root: Path, extra_settings: str = "") -> Site:
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    return Site(root, content=content, extra_settings=extra_settings)


def build(site: Site) -> dict[str, str]:
    result = site.build()
    assert result.returncode == 0, result.stderr
    return snapshot(site.output)


def edit(site: Site, keep_time: bool = False) -> None:
    """Change one post's text and tags; with `keep_time`, its file keeps its modification time."""
    path = site.content / EDITED
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace("Tags: ", "Tags: cache test, ", 1)
    path.write_text(text + "\nA paragraph added after the first build.\n", encoding="utf-8")
    moment = before.st_mtime_ns if keep_time else before.st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(moment, moment))


def test_cold_warm_and_no_cache_give_the_same_files(tmp_path):
    cached = example_copy(tmp_path / "cached")
    cold = build(cached)
    assert (cached.root / "cache").is_dir(), "the development build keeps a content cache"
    warm = build(cached)
    uncached = build(example_copy(tmp_path / "uncached", NO_CACHE))
    assert cold == warm, differences(cold, warm)
    assert cold == uncached, differences(cold, uncached)


def test_a_warm_rebuild_after_an_edit_equals_a_cold_build_of_the_edit(tmp_path):
    cached = example_copy(tmp_path / "cached")
    build(cached)
    edit(cached)
    warm = build(cached)
    fresh = example_copy(tmp_path / "fresh")
    edit(fresh)
    cold = build(fresh)
    assert "cache test" in (cached.output / "tag" / "cache-test" / "index.html").read_text(encoding="utf-8")
    assert warm == cold, differences(warm, cold)


def test_an_edit_that_keeps_the_file_time_is_not_hidden_by_the_cache(tmp_path):
    """Copies made with cp -p, rsync -t or tar keep a file's time; the cache must still see the edit."""
    cached = example_copy(tmp_path / "cached")
    build(cached)
    edit(cached, keep_time=True)
    warm = build(cached)
    fresh = example_copy(tmp_path / "fresh")
    edit(fresh, keep_time=True)
    assert warm == build(fresh), differences(warm, snapshot(fresh.output))
