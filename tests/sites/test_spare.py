"""The preview builds into the site it replaced (sitebuild/spare.py), and ends as a new folder would.

Each preview build takes the spare folder (the site the build before it replaced, or a
staging folder a failed or cancelled build left) instead of a new, empty one. Whatever
the spare holds, pages of posts since deleted, files where folders go, a page changed
in place, the finished folder must be exactly what a cold build writes: the same files
with the same bytes, and no other file, link or folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from sitebuild.build import build
from sitebuild.pages.build import Task
from sitebuild.pages.render import Renderer, Writer
from sitebuild.pipeline import Selection, SiteBuild
from sitebuild.spare import keep_only, spare_folder
from tests.conftest import Site
from tests.sites.test_incremental import EDITS, project
from tests.sites.test_quick_refresh import PREVIEW_OVERRIDES, CancelledAfter, moment  # noqa: F401
from tests.sites.test_reproducible import differences

FOLDER = "PREVIEW_OUTPUT_PATH"
pytestmark = pytest.mark.usefixtures("moment")  # every build at the same moment, as its cold build


def tree(folder: Path) -> dict[str, str]:
    """Every file, link and folder under `folder`: a file by its bytes' digest, so that equal trees
    are identical, down to an empty folder or a link a snapshot of files would miss."""
    described = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            described[name] = f"link to {os.readlink(path)}"
        elif path.is_dir():
            described[name] = "folder"
        else:
            described[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return described


def preview_build(site: Site, recycle: bool = True) -> dict[str, str]:
    """A build into the preview's folder, as the preview runs it; the folder's tree."""
    result = build(site.root, overrides=PREVIEW_OVERRIDES, output_setting=FOLDER, recycle=recycle)
    assert result.ok, result.messages
    assert not list(site.root.glob(".preview-building-*"))
    return tree(site.root / "preview")


def cold_tree(root: Path, edits: list[str]) -> dict[str, str]:
    """The preview folder's tree of a fresh copy of the example site with `edits`, built from nothing."""
    fresh = project(root)
    for edit in edits:
        EDITS[edit](fresh)
    return preview_build(fresh, recycle=False)


def test_a_run_of_changes_built_into_the_spare_ends_as_a_cold_build(tmp_path):
    """Pages that go (a deleted post, a tag no post has now), pages that come (a new post, a tag),
    an author added, and a template every page uses, each built into the folder the build before
    last left."""
    site = project(tmp_path / "site")
    preview_build(site)
    preview_build(site)  # the first build's site is the spare now
    assert spare_folder(site.root / "preview").is_dir()
    edits = ["tags", "deleted file", "new file", "template", "authors"]
    for number, edit in enumerate(edits):
        EDITS[edit](site)
        built = preview_build(site)
        assert spare_folder(site.root / "preview").is_dir()
        cold = cold_tree(tmp_path / f"fresh-{number}", edits[: number + 1])
        assert built == cold, (edit, differences(built, cold))


def test_whatever_the_spare_holds_the_build_ends_as_a_cold_build(tmp_path):
    site = project(tmp_path / "site")
    preview_build(site)
    preview_build(site)
    spare = spare_folder(site.root / "preview")
    about = spare / "about/index.html"
    about.unlink()
    about.write_text("a page changed in place, no longer the live site's file", encoding="utf-8")
    (spare / "left-over.txt").write_text("a file no build writes", encoding="utf-8")
    (spare / "an/empty/folder").mkdir(parents=True)
    post_folder = next((spare / "blog").iterdir())
    shutil.rmtree(post_folder)
    post_folder.write_text("a file where a page's folder goes", encoding="utf-8")
    events = spare / "events/index.html"
    events.unlink()
    (events / "inside").mkdir(parents=True)  # a folder where a page goes
    tags = next(path for path in (spare / "tag").iterdir())
    (tags / "index.html").unlink()
    (tags / "index.html").symlink_to(site.root / "pelicanconf.py")  # a link where a page goes
    built = preview_build(site)
    cold = cold_tree(tmp_path / "fresh", [])
    assert built == cold, differences(built, cold)


def test_a_cancelled_build_leaves_its_folder_as_the_spare_and_the_next_build_is_whole(tmp_path):
    site = project(tmp_path / "site")
    preview_build(site)
    preview_build(site)
    EDITS["title"](site)
    SiteBuild.selection = Selection(cancelled=CancelledAfter(checks=5))
    try:
        result = build(site.root, overrides=PREVIEW_OVERRIDES, output_setting=FOLDER, recycle=True)
    finally:
        SiteBuild.selection = None
    assert not result.ok
    assert not list(site.root.glob(".preview-building-*"))
    assert spare_folder(site.root / "preview").is_dir(), "the half-built folder is kept, not deleted"
    built = preview_build(site)
    cold = cold_tree(tmp_path / "fresh", ["title"])
    assert built == cold, differences(built, cold)


def test_the_writer_clears_the_way_for_its_files_in_a_recycled_folder(tmp_path):
    """A file where the writer puts a folder, a folder where it puts a file: in a recycled
    staging folder a page of an earlier build can stand there, if the site's addresses changed."""
    (tmp_path / "a").write_text("a page where a folder goes now", encoding="utf-8")
    (tmp_path / "c/index.html/old").mkdir(parents=True)
    writer = Writer(None, b"", None, tmp_path)
    renderer = Renderer("a test file", lambda model: model.encode(), b"")
    writer.write([Task("a/b/index.html", renderer, "one"), Task("c/index.html", renderer, "two")])
    assert (tmp_path / "a/b/index.html").read_text(encoding="utf-8") == "one"
    assert (tmp_path / "c/index.html").read_text(encoding="utf-8") == "two"


@pytest.mark.parametrize(
    "kept, left",
    [
        ({"a/index.html"}, {"a", "a/index.html"}),
        (set(), set()),
        ({"a/b/index.html", "c.xml"}, {"a", "a/b", "a/b/index.html", "c.xml"}),
    ],
)
def test_keep_only_leaves_the_named_files_and_the_folders_holding_them(tmp_path, kept, left):
    for name in ("a/index.html", "a/other.html", "a/b/index.html", "c.xml", "d/e/f.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "link.html").symlink_to(tmp_path / "c.xml")
    keep_only(str(tmp_path), "", kept | {"link.html"})  # a link is never kept, even when named
    assert {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")} == left
