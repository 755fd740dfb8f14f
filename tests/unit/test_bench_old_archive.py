"""bench/old_archive.py: the import bench's saved archive is deterministic and holds every kind of page."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from bench.old_archive import REGIONS, block_html, shares, write_archive
from tests.old_cms import OLD_HOST, PNG

TALK = """Title: {title}
Date: 2019-05-03
Authors: Amara Quist, Tom Hale
Tags: inclusion, funding
Slug: talk-{number}

Councils told us what {title} meant for them, and https://example.org/notes holds the notes.

What we learned
---------------

- Start early.
- Invite the hard questions.

#hashtag paragraphs stay text, and [the report](https://example.org/report) is a link.
"""


@pytest.fixture(scope="module")
def talks(tmp_path_factory) -> Path:
    """A few talks in the corpus's shape, so the test does not unpack the real one."""
    folder = tmp_path_factory.mktemp("talks")
    for number in range(12):
        text = TALK.format(title=f"Peer challenge {number}", number=number)
        (folder / f"talk-{number}.md").write_text(text, encoding="utf-8")
    return folder


def tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def archive(tmp_path_factory, talks):
    root = tmp_path_factory.mktemp("archive")
    written = write_archive(root, 40, talks=talks)
    return root / OLD_HOST, written


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path, talks, archive):
    site, _ = archive
    again = write_archive(tmp_path / "again", 40, talks=talks)
    assert tree(tmp_path / "again" / OLD_HOST) == tree(site) and again.pages == 40
    write_archive(tmp_path / "other", 40, seed=7, talks=talks)
    assert tree(tmp_path / "other" / OLD_HOST) != tree(site)


def test_every_kind_of_page_and_file_is_there(archive):
    site, written = archive
    names = [path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()]
    pages = {name: (site / name).read_bytes() for name in names if not name.endswith((".png", ".pdf"))}
    texts = {name: data.decode("utf-8", "replace") for name, data in pages.items()}
    assert written.pages == len(pages) == 40
    for section in ("blog", "events"):
        assert any(name.startswith(f"{section}/article/") for name in names), section
    update = re.compile(r"<title>(NW|NE|SE|SW|L|EM|WM|YH|EE) Region \w+ \d{4} Update")
    assert any(update.search(text) for text in texts.values())
    assert any('href="/assets/files/' in text for text in texts.values())  # publications
    assert {"index.html", "blog/index.html", "blog/P10/index.html", "events/index.html"} <= set(names)
    assert any(name.endswith(".pdf") for name in names) and any(name.endswith(".png") for name in names)
    assert all((site / name).read_bytes().startswith(PNG[:8]) for name in names if name.endswith(".png"))
    assert written.styles.keys() == {"folder", "html", "bare"}
    assert written.layouts.keys() == {"classic", "plain"}
    assert any('class="article-title"' in text for text in texts.values())  # CLASSIC
    assert any('<table width="100%"' in text for text in texts.values())  # PLAIN
    assert any(re.search(r'href="(https://[^"/]+)?/[a-z-]+/article/', text.split("Related Articles")[0])
               for text in texts.values())  # fmt: skip  (links between articles, in the text)
    assert "about" in names or "about.html" in names or "about/index.html" in names


def test_the_bad_pages_are_there(archive):
    site, written = archive
    assert written.counts["no title"] == written.counts["binary"] == written.counts["duplicate"] == 1
    assert b"<title>" not in (site / "blog/article/untitled-1/index.html").read_bytes()
    assert b"\0" in (site / "blog/article/export-1").read_bytes()
    copy = next(site.glob("blog/article/copy-of-*/index.html")).read_bytes()
    others = [path for path in site.rglob("*") if path.is_file() and "copy-of" not in str(path)]
    originals = {path.read_bytes() for path in others}
    assert copy in originals


def test_the_mix_scales_with_every_kind_present():
    for pages in (40, 5000):
        counts = shares(pages)
        assert sum(counts.values()) == pages and min(counts.values()) >= 2
    assert shares(5000)["article"] > shares(5000)["update"] > shares(5000)["event"]
    assert len(REGIONS) == 9


def test_the_talks_markup_becomes_the_old_editors_html():
    assert block_html("What we learned\n---------------") == "<h2>What we learned</h2>"
    assert block_html("- a\n- b") == "<ul><li>a</li><li>b</li></ul>"
    text = block_html("#tag and [the report](https://example.org/r) & https://example.org/x.")
    assert text == ('<p>#tag and <a href="https://example.org/r">the report</a> &amp; '
                    '<a href="https://example.org/x">https://example.org/x</a>.</p>')  # fmt: skip


def test_without_the_corpus_the_text_is_generated(tmp_path):
    written = write_archive(tmp_path, 40, talks=tmp_path / "missing")
    assert written.pages == 40 and written.counts["article"] > 0
