"""Converting Markdown in worker processes (content_model/prefetch.py) changes speed, never output."""

from __future__ import annotations

import os
import subprocess
import sys

from content_model import prefetch
from content_model.conversion import conversion_settings

from tests.conftest import REPO, Site, post, snapshot

WORKERS_USED = "reading: converting"
NO_SEARCH = "SEARCH_INDEX = False  # Pagefind does not read Markdown: the test is about what Pelican reads\n"


def verbose_build(site: Site) -> str:
    """Build `site` with progress messages; return them."""
    command = [sys.executable, "-m", "sitebuild", "build", "--project", str(site.root), "--verbose"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_the_example_site_is_the_same_read_in_one_process_or_in_workers(tmp_path):
    (tmp_path / "alone").mkdir()
    (tmp_path / "shared").mkdir()
    alone = Site(
        tmp_path / "alone", content=REPO / "content", extra_settings=NO_SEARCH + "READING_PROCESSES = 1\n"
    )
    shared = Site(
        tmp_path / "shared", content=REPO / "content", extra_settings=NO_SEARCH + "READING_PROCESSES = 2\n"
    )
    assert WORKERS_USED not in verbose_build(alone)
    assert WORKERS_USED in verbose_build(shared), "the workers converted the files"
    assert snapshot(alone.output) == snapshot(shared.output)


def test_a_file_changed_after_a_worker_read_it_is_read_again(tmp_path):
    """The reader takes a worker's conversion only if the file is unchanged since the worker read it."""
    settings = conversion_settings({"MARKDOWN": {}, "TYPOGRAPHY": True})
    first = tmp_path / "first.md"
    second = tmp_path / "second.md"
    first.write_text(post("First", body="Before."), encoding="utf-8")
    second.write_text(post("Second", body="Unchanged."), encoding="utf-8")
    prefetch.submit([str(first), str(second)], settings, processes=2)
    prefetch._pending[str(first)].result()  # the worker has read both files
    first.write_text(post("First", body="After the save."), encoding="utf-8")
    os.utime(first, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns + 1_000_000))
    assert prefetch.take(str(first)) is None, "a changed file is converted again by the reader"
    assert "Unchanged." in prefetch.take(str(second)).content
    assert prefetch.take(str(second)) is None, "each conversion is taken once"
