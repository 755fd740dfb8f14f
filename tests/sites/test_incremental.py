"""A development rebuild reads and renders only what changed, and writes what a cold build would.

Unchanged files' content objects come from the object cache (plugins/content_model/
object_cache.py); unchanged pages are hard-linked from the live site instead of
rendered (sitebuild/pages/render.py). Whatever the change (a post's text, title,
date, Modified date, summary, status, tags or authors; a new, deleted or renamed
file; a data file; a setting a plugin reads or a Markdown setting; a template, a
style sheet or a plugin's code; the build's moment passing an event), the rebuilt
site must be byte for byte the site a cold build of the changed project makes.
Feeds and the sitemap, which only production writes (and production links
nothing), are checked in development builds that write them too.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, Site, snapshot
from tests.hostile import count_tried
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
BEFORE_THE_DAY = "1796256000"  # 2026-12-03 00:00 UTC: the induction day of 8 December is still to come
AFTER_THE_DAY = "1796860800"  # 2026-12-10: it has happened


# Feeds and the sitemap as production writes them (absolute addresses), in a development build.
FEEDS_AND_SITEMAP = """\
SITEURL = "https://www.acsd.test"
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
REGION_FEED_ATOM = "feeds/region/{slug}.atom.xml"
"""


def project(root: Path, settings: str = "") -> Site:
    """A copy of the example content, theme and plugins, built with development settings (and `settings`)."""
    for part in ("content", "theme", "plugins"):
        shutil.copytree(REPO / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    extra = f"THEME = {str(root / 'theme')!r}\nPLUGIN_PATHS = [{str(root / 'plugins')!r}]\n{settings}"
    return Site(root, content=root / "content", extra_settings=extra)


def build(site: Site, moment: str = BEFORE_THE_DAY) -> dict[str, str]:
    result = site.build(env={"SOURCE_DATE_EPOCH": moment})
    assert result.returncode == 0, result.stderr
    return snapshot(site.output)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_paragraph(site: Site) -> None:
    path = site.content / POST
    path.write_text(
        path.read_text(encoding="utf-8") + "\nA paragraph added after the first build.\n", "utf-8"
    )


def retitle(site: Site) -> None:
    """A new title at the same address: listings, related lists and neighbours show it."""
    replace(
        site.content / POST,
        "Title: Peer challenge is how we get better, together",
        f"Title: Peer challenge, retitled\nSlug: {Path(POST).stem}",
    )


def redate(site: Site) -> None:
    replace(site.content / POST, "Date: 2026-10-14", "Date: 2025-01-09")


def mark_modified(site: Site) -> None:
    """A Modified date: the post's feed entries, the feeds' dates and the sitemap show it."""
    replace(site.content / POST, "Category: ", "Modified: 2026-11-02 10:00\nCategory: ")


def resummarise(site: Site) -> None:
    """A new summary: the post's excerpt in listings, and its feed entries."""
    replace(site.content / POST, "Summary: Why the sector's own", "Summary: Why, in short, the sector's own")


def make_draft(site: Site) -> None:
    replace(site.content / OTHER_POST, "Title: ", "Status: draft\nTitle: ")


def retag(site: Site) -> None:
    replace(site.content / POST, "Tags: ", "Tags: supervision, ")


def reauthor(site: Site) -> None:
    path = site.content / POST
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("Authors: "))
    replace(path, line, "Authors: Aisha Rahman, Gareth Pryce")


def add_post(site: Site) -> None:
    (site.content / "blog/2026/workforce-stability-starts-with-supervision.md").write_text(NEW_POST, "utf-8")


def delete_post(site: Site) -> None:
    (site.content / OTHER_POST).unlink()


def rename_post(site: Site) -> None:
    (site.content / OTHER_POST).rename(site.content / "blog/2025/care-leavers-renamed.md")


def change_role(site: Site) -> None:
    """The authors file: every byline of the author shows the new role."""
    replace(site.content / "data/authors.toml", 'role = "President, 2026-27"', 'role = "Chair of the association"')


def change_setting(site: Site) -> None:
    """A setting a plugin reads: the home page's lists are shorter."""
    path = site.root / "pelicanconf.py"
    path.write_text(path.read_text(encoding="utf-8") + "HOME_LATEST_COUNT = 3\n", encoding="utf-8")


def change_markdown(site: Site) -> None:
    """A Markdown setting: every heading gets a permalink."""
    path = site.root / "pelicanconf.py"
    path.write_text(
        path.read_text(encoding="utf-8")
        + 'MARKDOWN = {**MARKDOWN, "extension_configs": {**MARKDOWN["extension_configs"], '
        + '"markdown.extensions.toc": {"permalink": True}}}\n',
        encoding="utf-8",
    )


def change_template(site: Site) -> None:
    replace(site.root / "theme/templates/components/byline.html", "<dt>Published</dt>", "<dt>Published on</dt>")


def change_style(site: Site) -> None:
    """A style sheet: its hashed name, in every page's <head>, changes."""
    path = site.root / "theme/static/css/site.css"
    path.write_text(path.read_text(encoding="utf-8") + "\n.prose { max-width: 40em; }\n", encoding="utf-8")


def change_plugin(site: Site) -> None:
    """A plugin's code: how a publication's citation ends."""
    replace(
        site.root / "plugins/listings/publications.py",
        'f"Available at: {address}"',
        'f"Online at: {address}"',
    )


EDITS: dict[str, Callable[[Site], None]] = {
    "text": add_paragraph,
    "title": retitle,
    "date": redate,
    "Modified date": mark_modified,
    "summary": resummarise,
    "status": make_draft,
    "tags": retag,
    "authors": reauthor,
    "new file": add_post,
    "deleted file": delete_post,
    "renamed file": rename_post,
    "data file": change_role,
    "setting": change_setting,
    "Markdown setting": change_markdown,
    "template": change_template,
    "style sheet": change_style,
    "plugin code": change_plugin,
}


ONE_FILE = {"status", "deleted file", "renamed file"}  # each changes OTHER_POST: one of them a sequence


def inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in folder.rglob("*.html")}


def test_a_rebuild_with_nothing_changed_links_every_page_and_changes_no_byte(tmp_path):
    site = project(tmp_path / "site")
    first = build(site)
    first_files = inodes(site.output)
    second = build(site)
    assert second == first, differences(first, second)
    rendered_again = sorted(
        path for path, inode in inodes(site.output).items() if first_files.get(path) != inode
    )
    assert rendered_again == [], "unchanged pages must be linked from the last build, not rendered"


def test_an_edited_post_is_rendered_again_and_a_page_not_showing_it_is_not(tmp_path):
    site = project(tmp_path / "site")
    build(site)
    before = inodes(site.output)
    add_paragraph(site)
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
def test_a_rebuild_after_a_change_equals_a_cold_build_of_the_changed_project(tmp_path, edit):
    cached = project(tmp_path / "cached")
    build(cached)
    EDITS[edit](cached)
    warm = build(cached)
    fresh = project(tmp_path / "fresh")
    EDITS[edit](fresh)
    cold = build(fresh)
    assert warm == cold, differences(warm, cold)


FEED_EDITS = ["title", "Modified date", "summary", "status", "tags", "new file"]


@pytest.mark.parametrize("edit", FEED_EDITS)
def test_with_feeds_and_a_sitemap_a_rebuild_after_a_change_equals_a_cold_build(tmp_path, edit):
    cached = project(tmp_path / "cached", FEEDS_AND_SITEMAP)
    build(cached)
    EDITS[edit](cached)
    warm = build(cached)
    fresh = project(tmp_path / "fresh", FEEDS_AND_SITEMAP)
    EDITS[edit](fresh)
    cold = build(fresh)
    assert {"feeds/all.atom.xml", "sitemap.xml", "robots.txt"} <= set(warm)
    assert warm == cold, differences(warm, cold)


def test_with_feeds_and_a_sitemap_a_rebuild_with_nothing_changed_links_every_file(tmp_path):
    site = project(tmp_path / "site", FEEDS_AND_SITEMAP)
    build(site)
    first = written_files(site.output)
    build(site)
    assert {"feeds/all.atom.xml", "events/events.ics", "sitemap.xml", "robots.txt"} <= set(first)
    again = written_files(site.output)
    rendered_again = sorted(path for path, inode in again.items() if first[path] != inode)
    assert rendered_again == [], "unchanged feeds, calendars and the sitemap must be linked, not rendered"


def written_files(folder: Path) -> dict[str, int]:
    """The inode of every file the writer writes (pages, feeds, calendars, the sitemap, robots.txt)."""
    paths = [path for name in ("*.html", "*.xml", "*.ics", "robots.txt") for path in folder.rglob(name)]
    return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in paths}


def test_a_rebuild_after_an_event_has_passed_equals_a_cold_build_then(tmp_path):
    cached = project(tmp_path / "cached")
    build(cached, BEFORE_THE_DAY)
    warm = build(cached, AFTER_THE_DAY)
    cold = build(project(tmp_path / "fresh"), AFTER_THE_DAY)
    assert warm == cold, differences(warm, cold)
    events = (cached.output / "events/index.html").read_text(encoding="utf-8")
    assert events.index("induction day, December 2026") > events.index("Past events"), (
        "the induction day is past"
    )


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sequence=st.lists(st.sampled_from(sorted(EDITS)), min_size=2, max_size=3, unique=True).filter(
        lambda sequence: len(ONE_FILE.intersection(sequence)) <= 1
    )
)
def test_any_sequence_of_changes_rebuilt_one_by_one_ends_as_a_cold_build(tmp_path_factory, sequence):
    count_tried("sequences of changes rebuilt", 1)
    cached = project(tmp_path_factory.mktemp("cached"))
    fresh = project(tmp_path_factory.mktemp("fresh"))
    build(cached)
    for edit in sequence:
        EDITS[edit](cached)
        EDITS[edit](fresh)
        build(cached)
    assert snapshot(cached.output) == build(fresh), sequence


def test_a_problem_beyond_an_unchanged_file_is_still_reported(tmp_path):
    """The publication's file is unchanged, but the document its File: names is gone."""
    site = project(tmp_path / "site")
    build(site)
    good = snapshot(site.output)
    (site.content / "files/kinship-care-in-numbers-2026.pdf").unlink()
    result = site.build()
    assert result.returncode != 0
    assert f"content/{PUBLICATION}:11" in result.stderr
    assert "does not exist under content/" in result.stderr
    assert snapshot(site.output) == good, "a failed build leaves the last good site as it was"
