"""A development rebuild reads and renders only what changed, and writes what a cold build would.

Unchanged files' content objects come from the object cache (plugins/content_model/
object_cache.py); unchanged pages are hard-linked from the live site instead of
rendered (sitebuild/pages/render.py). Whatever the edit, the rebuilt
site must be byte for byte the site a cold build of the edited content makes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.sites.test_caches import build, example_copy
from tests.sites.test_reproducible import differences

POST = "blog/2026/peer-challenge-is-how-we-get-better-together.md"
OTHER_POST = "blog/2026/care-leavers-and-the-first-year-on-their-own.md"
PUBLICATION = "publications/kinship-care-in-numbers.md"
NEW_POST = """Title: Workforce stability starts with supervision
Date: 2026-11-20
Category: Leadership
Authors: Aisha Rahman
Tags: workforce, supervision

Good supervision keeps social workers in post. Here is what three councils changed.
"""


def add_paragraph(content: Path) -> None:
    path = content / POST
    path.write_text(
        path.read_text(encoding="utf-8") + "\nA paragraph added after the first build.\n", "utf-8"
    )


def retitle(content: Path) -> None:
    """A new title at the same address: listings, related lists and neighbours show it."""
    path = content / POST
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("Title: "))
    new = f"Title: Peer challenge, retitled\nSlug: {Path(POST).stem}"
    path.write_text(text.replace(title, new, 1), encoding="utf-8")


def add_post(content: Path) -> None:
    (content / "blog/2026/workforce-stability-starts-with-supervision.md").write_text(NEW_POST, "utf-8")


def delete_post(content: Path) -> None:
    (content / OTHER_POST).unlink()


EDITS = {"body": add_paragraph, "title": retitle, "new post": add_post, "deleted post": delete_post}


def inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in folder.rglob("*.html")}


def test_a_rebuild_with_nothing_changed_links_every_page_and_changes_no_byte(tmp_path):
    site = example_copy(tmp_path / "site")
    first = build(site)
    first_files = inodes(site.output)
    second = build(site)
    assert second == first, differences(first, second)
    rendered_again = sorted(
        path for path, inode in inodes(site.output).items() if first_files.get(path) != inode
    )
    assert rendered_again == [], "unchanged pages must be linked from the last build, not rendered"


def test_an_edited_post_is_rendered_again_and_a_page_not_showing_it_is_not(tmp_path):
    site = example_copy(tmp_path / "site")
    build(site)
    before = inodes(site.output)
    add_paragraph(site.content)
    build(site)
    after = inodes(site.output)
    post_page = "blog/peer-challenge-is-how-we-get-better-together/index.html"
    assert "A paragraph added after the first build." in (site.output / post_page).read_text(encoding="utf-8")
    assert after[post_page] != before[post_page]
    assert after["about/index.html"] == before["about/index.html"], (
        "a page that does not show the post is linked"
    )
    assert sum(after[path] != before[path] for path in after) < len(after) / 4


@pytest.mark.parametrize("edit", EDITS)
def test_a_rebuild_after_an_edit_equals_a_cold_build_of_the_edited_content(tmp_path, edit):
    cached = example_copy(tmp_path / "cached")
    build(cached)
    EDITS[edit](cached.content)
    warm = build(cached)
    fresh = example_copy(tmp_path / "fresh")
    EDITS[edit](fresh.content)
    cold = build(fresh)
    assert warm == cold, differences(warm, cold)


def test_a_problem_beyond_an_unchanged_file_is_still_reported(tmp_path):
    """The publication's file is unchanged, but the document its File: names is gone."""
    site = example_copy(tmp_path / "site")
    build(site)
    good = snapshot(site.output)
    (site.content / "files/kinship-care-in-numbers-2026.pdf").unlink()
    result = site.build()
    assert result.returncode != 0
    assert f"content/{PUBLICATION}:11" in result.stderr
    assert "does not exist under content/" in result.stderr
    assert snapshot(site.output) == good, "a failed build leaves the last good site as it was"
