"""Properties of reading and checking generated content files, in-process and fast.

Each example is one generated file (tests/hostile.py) read the way a build reads
it: Pelican's readers with the content model's reader, typography, the content
model's checks, and the content object Pelican makes. Whatever the file holds:
reading never raises; every problem names the file, a line and a fix; and a file
with no problem has a title, text and addresses with no markup in them.
"""

from __future__ import annotations

import locale
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from content_model.hooks import (
    PROBLEMS,
    add_plain_text,
    apply_content_model,
    sanitise_content,
    site_item,
    text_problems,
)
from content_model.kinds import ARTICLE_KINDS
from content_model.reader import ContentReader
from content_model.site_checks import MAX_SLUG_LENGTH, bad_addresses
from content_model.text import plain_text
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown
from pelican.contents import Article, Page
from pelican.readers import Readers
from pelican.settings import read_settings

from tests.conftest import REPO
from tests.hostile import SiteFile, assert_escaped_html, comparable, content_file, count_tried

TYPOGRAPHY = {"span"}  # the element typogrify's amp, caps and initial_quotes filters put in a title, if turned on
SLUG = r"^[a-z0-9_-]+$"


class ContentModelSignal:
    """Stands in for Pelican's generator-context signal: the content model's hook, as a build runs it."""

    name = "content_model"

    def send(self, generator, metadata):
        apply_content_model(generator, metadata)


@pytest.fixture(scope="module")
def reading(tmp_path_factory):
    content = tmp_path_factory.mktemp("project") / "content"
    content.mkdir()
    overrides = {"PATH": str(content), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    saved = locale.setlocale(locale.LC_ALL)
    try:
        site_settings = read_settings(str(REPO / "pelicanconf.py"), override=overrides)
    finally:  # Pelican sets the process's locale (LOCALE = C): later tests decode UTF-8 output
        locale.setlocale(locale.LC_ALL, saved)
    readers = Readers(site_settings)
    readers.readers["md"] = ContentReader(site_settings)
    return SimpleNamespace(content=content, settings=site_settings, readers=readers)


def read(reading, file: SiteFile):
    """The content object and every problem a build would report for this one file."""
    path = reading.content / file.relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(file.data)
    context: dict = {}
    generator = SimpleNamespace(settings=reading.settings, context=context)
    content = reading.readers.read_file(
        str(reading.content),
        file.relative,
        content_class=Article if file.kind in ARTICLE_KINDS else Page,
        context=context,
        context_signal=ContentModelSignal(),
        context_sender=generator,
    )
    sanitise_content(content)  # the content model's handlers of content_object_init, in their order
    add_plain_text(content)
    problems = context.get(PROBLEMS, []) + text_problems([content], reading.settings)
    problems += bad_addresses([site_item(content, reading.settings)])
    return content, problems


@settings(max_examples=300, deadline=None)
@given(file=content_file())
def test_any_file_is_read_and_each_problem_names_it(reading, file: SiteFile):
    count_tried("files read")
    content, problems = read(reading, file)

    for problem in problems:
        assert problem.path == f"content/{file.relative}", problem
        assert problem.line >= 1 and problem.message.strip() and problem.fix.strip(), problem
    if file.encoding in ("latin-1", "empty", "binary"):
        assert [problem.field for problem in problems] == ["File"]
    if problems:
        return
    count_tried("files read without a problem")
    assert BeautifulSoup(content.title, "html.parser").find_all(lambda tag: tag.name not in TYPOGRAPHY) == []
    assert comparable(plain_text(content.title)) == comparable(file.fields["title"])
    assert_escaped_html(BeautifulSoup(content.content, "html.parser"), file.relative)
    assert_escaped_html(BeautifulSoup(content.metadata.get("summary", ""), "html.parser"), file.relative)
    names = [content.slug] + [wrapper.slug for wrapper in getattr(content, "tags", []) + content.authors]
    for slug in names:
        assert slug and len(slug) <= MAX_SLUG_LENGTH
        assert "/" not in slug and ".." not in slug and "\\" not in slug


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_at_all_gives_problems_or_a_safe_page(reading, text):
    """Not even front matter: whatever a file holds, reading gives problems, never an exception."""
    count_tried("raw texts read")
    path = reading.content / "blog" / "raw.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    html, metadata = ContentReader(reading.settings).read(str(path))
    assert metadata["front_matter"].unreadable or isinstance(html, str)
    assert "<" not in metadata.get("title", "")
