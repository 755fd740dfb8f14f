"""What a batch of file events means for `invoke serve` (sitebuild/preview.py, Changes.classify)."""

from __future__ import annotations

from pathlib import Path

from watchfiles import Change

from sitebuild.preview import Changes

CODE = [Path("/site/plugins"), Path("/site/sitebuild")]


def classify(*events: tuple[Change, str]) -> Changes:
    return Changes.classify(list(events), CODE)


def test_a_saved_post_is_a_markdown_change_and_a_deleted_one_is_not():
    saved = "/site/content/blog/a.md"
    assert classify((Change.modified, saved)) == Changes(markdown={saved})
    assert classify((Change.deleted, "/site/content/blog/a.md")) == Changes(other=True)


def test_code_restarts_and_anything_else_rebuilds():
    assert classify((Change.modified, "/site/plugins/related/index.py")).restart
    assert classify((Change.modified, "/site/theme/templates/base.html")) == Changes(other=True)


def test_a_hidden_file_changes_nothing():
    """The editor and the import write a hidden temporary file and rename it over the post: only the
    post counts, so a save from the browser gets the quick refresh of its own page."""
    events = [
        (Change.added, "/site/content/blog/.a.md.x1y2.tmp"),
        (Change.deleted, "/site/content/blog/.a.md.x1y2.tmp"),
        (Change.modified, "/site/content/blog/a.md"),
    ]
    assert classify(*events) == Changes(markdown={"/site/content/blog/a.md"})
    assert classify((Change.added, "/site/theme/static/.DS_Store")) == Changes()
