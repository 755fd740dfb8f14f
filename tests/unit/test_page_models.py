"""Page models made and written as plain code (sitebuild/pages), without a build."""

from __future__ import annotations

import datetime
import os
from dataclasses import replace
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import jinja2
import pytest
from pelican.paginator import PaginationRule
from pelican.settings import DEFAULT_CONFIG

from sitebuild.pages import models as m
from sitebuild.pages import render
from sitebuild.pages.build import Builder, Task, page_window, site_model
from sitebuild.pages.render import (
    Deferred,
    PageError,
    Writer,
    check_no_duplicates,
    identity,
    model_digest,
    theme_environment,
)
from tests.conftest import REPO
from tests.fresh_process import in_fresh_process

LONDON = ZoneInfo("Europe/London")
SETTINGS = DEFAULT_CONFIG | {
    "SITENAME": "The Association",
    "SITE_DESCRIPTION": "What it does.",
    "LANGUAGE": "en-GB",
    "MENU_ITEMS": (("Blog", "blog/"),),
    "FOOTER_LINKS": (("Contact", "contact/"),),
    "SEARCH_URL": "search/",
    "FEEDBACK_EMAIL": "say@example.org",
    "FEED_DOMAIN": "",
    "THEME": str(REPO / "theme"),
    "SHARING_IMAGES": True,
    "SHARING_IMAGE_SAVE_AS": "sharing.png",
    "EVENT_DATE_FORMAT": "%A %-d %B %Y, %H:%M",
    "TIMEZONE": "Europe/London",
    "BUILD_NOW": datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC),  # the build's moment (clock.py)
    "DEFAULT_PAGINATION": 20,
    "PAGINATION_PATTERNS": (  # as Pelican's settings make them from pelicanconf.py's
        PaginationRule(1, "{url}", "{save_as}"),
        PaginationRule(2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
    ),
}


def builder(relative: bool = True) -> Builder:
    settings = SETTINGS | {"RELATIVE_URLS": relative, "SITEURL": "" if relative else "https://www.acsd.test"}
    return Builder(settings, {"articles": []}, site_model(settings, ["default-src 'self'"], {}))


class Named(SimpleNamespace):
    def __str__(self):
        return self.name


def article(**fields):
    moment = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=LONDON)
    defaults = dict(
        kind="blog",
        kind_label="Blog post",
        title="Peer challenge&#8217;s first year",
        plain_title="Peer challenge’s first year",
        url="blog/peer-challenge/",
        save_as="blog/peer-challenge/index.html",
        status="published",
        date=moment,
        locale_date="1 March 2026",
        excerpt="What we learned.",
        category=Named(name="Leadership", url="category/leadership/"),
        tags=[Named(name="Ofsted", url="tag/ofsted/")],
        authors=[Named(name="Ann Example", url="author/ann-example/", role="Director", organisation="")],
        section=Named(name="Blog posts", url="blog/"),
        related_articles=[],
        get_content=lambda root: f'<p><a href="{root}/blog/other/">other</a></p>',
    )
    return SimpleNamespace(**(defaults | fields))


def test_a_post_model_holds_what_its_page_shows_worked_out():
    page = builder().post(article())
    assert page.frame.root == "../.." and page.frame.path == "blog/peer-challenge/"
    assert page.frame.title == "Peer challenge’s first year – The Association"
    assert page.frame.breadcrumbs == (m.Link("Blog posts", "blog/"),) and page.frame.section == "blog/"
    assert page.content_html == '<p><a href="../../blog/other/">other</a></p>'
    assert page.authors == (m.Author("Ann Example", "author/ann-example/", "Director"),)
    assert page.feedback_subject == "Re%3A%20Peer%20challenge%E2%80%99s%20first%20year"
    assert page.published == m.Day("2026-03-01T09:30:00+00:00", "1 March 2026")
    assert page.related is None and page.search.indexed and page.search.tags == ("Ofsted",)


def test_production_models_use_the_absolute_address():
    page = builder(relative=False).post(article())
    assert page.frame.root == "https://www.acsd.test"
    assert page.content_html == '<p><a href="https://www.acsd.test/blog/other/">other</a></p>'


def test_production_posts_show_their_own_sharing_picture_and_drafts_the_sites():
    production = builder(relative=False)
    image = production.post(article()).frame.image
    assert image == m.SharingImage(
        "https://www.acsd.test/blog/peer-challenge/index.png",
        "Peer challenge’s first year – The Association",
        1200,
        630,
    )
    site_picture = m.SharingImage("https://www.acsd.test/sharing.png", "The Association", 1200, 630)
    assert production.post(article(status="draft")).frame.image == site_picture
    assert production.post(article(plain_title="Children’s services 儿童服务")).frame.image == site_picture
    assert builder().post(article()).frame.image is None, "a development build has no pictures"


def test_a_draft_is_marked_and_left_out_of_search():
    page = builder().post(article(status="draft"))
    assert page.draft and not page.search.indexed and page.scheduled is None


def test_a_post_dated_after_the_build_is_marked_scheduled_with_its_day():
    later = datetime.datetime(2027, 1, 4, 9, 0, tzinfo=LONDON)
    page = builder().post(article(date=later, locale_date="4 January 2027"))
    assert page.scheduled == m.Day("2027-01-04T09:00:00+00:00", "4 January 2027") and not page.draft
    assert builder().post(article()).scheduled is None


def test_a_listing_is_paginated_with_addresses_and_a_window():
    items = [article(url=f"blog/post-{number}/", title=f"Post {number}") for number in range(45)]
    tasks = builder().listing_tasks("blog/index.html", "blog/", items, "Blog posts", [], section="blog/")
    assert [task.save_as for task in tasks] == [
        "blog/index.html",
        "blog/page/2/index.html",
        "blog/page/3/index.html",
    ]
    last = tasks[-1].page
    assert last.frame.title == "Blog posts (page 3 of 3) – The Association"
    assert last.pagination == m.Pagination(
        number=3,
        count=3,
        previous_path="blog/page/2/",
        next_path="",
        window=((1, "blog/"), (2, "blog/page/2/"), (3, "blog/page/3/")),
    )
    assert [item.path for item in last.items] == [f"blog/post-{number}/" for number in range(40, 45)]
    assert tasks[0].page.frame.root == ".." and last.frame.root == "../../.."


def test_page_window_shows_ends_neighbours_and_gaps():
    assert page_window(1, 1) == [1]
    assert page_window(1, 3) == [1, 2, 3]
    assert page_window(5, 10) == [1, None, 4, 5, 6, None, 10]
    assert page_window(10, 10) == [1, None, 9, 10]


def test_a_model_digest_follows_content_not_identity():
    first = m.Link("Blog", "".join(["blog", "/"]))
    same = m.Link("Blog", "blog/")
    assert model_digest(first) == model_digest(same)
    assert model_digest(first) != model_digest(m.Link("Blog", "blog/x/"))


@pytest.fixture
def writer(tmp_path):
    return make_writer(tmp_path)


def make_writer(tmp_path) -> Writer:
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "link.html").write_text(
        "<a href='{{ page.path }}'>{{ page.text }}</a> {{ site }}", encoding="utf-8"
    )
    output = tmp_path / "output"
    output.mkdir(exist_ok=True)
    return Writer(theme_environment(templates, {"autoescape": True}), b"theme", "chrome", output)


def test_an_unchanged_page_is_linked_from_the_live_site_and_a_changed_one_rendered(writer, tmp_path):
    tasks = [
        Task("a/index.html", "link.html", m.Link("A", "/a/")),
        Task("b/index.html", "link.html", m.Link("B<", "/b/")),
    ]
    record = writer.write(tasks)
    assert (writer.output / "b/index.html").read_text(encoding="utf-8") == "<a href='/b/'>B&lt;</a> chrome"
    live = tmp_path / "live"
    writer.output.rename(live)
    writer.output.mkdir()
    tasks[1] = Task("b/index.html", "link.html", m.Link("B, changed", "/b/"))
    writer.write(tasks, reuse_from=live, last=record)
    assert os.path.samefile(writer.output / "a/index.html", live / "a/index.html")
    assert not os.path.samefile(writer.output / "b/index.html", live / "b/index.html")
    assert "B, changed" in (writer.output / "b/index.html").read_text(encoding="utf-8")


def test_a_live_file_that_changed_since_is_rendered_again(writer, tmp_path):
    tasks = [Task("a/index.html", "link.html", m.Link("A", "/a/"))]
    record = writer.write(tasks)
    live = tmp_path / "live"
    writer.output.rename(live)
    writer.output.mkdir()
    (live / "a/index.html").write_text("edited by hand", encoding="utf-8")
    writer.write(tasks, reuse_from=live, last=record)
    assert (writer.output / "a/index.html").read_text(encoding="utf-8") == "<a href='/a/'>A</a> chrome"


def test_two_pages_for_one_file_are_refused_naming_both():
    one = SimpleNamespace(source_path="content/pages/a.md")
    with pytest.raises(PageError, match="content/pages/a.md and the listing page"):
        check_no_duplicates(
            [Task("x/index.html", "page.html", None, item=one), Task("x/index.html", "listing.html", None)]
        )


@pytest.mark.parametrize(
    "first, second, file", [("a", "a/index.html", "a"), ("a/b/index.html", "a/b", "a/b")]
)
def test_a_page_where_another_pages_folder_goes_is_refused_naming_both(first, second, file):
    """Found before either is written: in the preview's recycled folder (sitebuild/spare.py) the
    writer removes a file that stands where a folder goes, which must never be this build's."""
    one = SimpleNamespace(source_path="content/pages/a.md")
    with pytest.raises(PageError, match=f"would be written to {file}, where .* needs a folder"):
        check_no_duplicates([Task(first, "page.html", None, item=one), Task(second, "listing.html", None)])


def test_each_task_is_written_before_the_next_is_made_and_a_later_duplicate_is_found(writer):
    on_disk_as_made = []

    def tasks():
        for name in ("a", "b", "c", "a"):
            on_disk_as_made.append(sorted(path.parent.name for path in writer.output.glob("*/index.html")))
            yield Task(f"{name}/index.html", "link.html", m.Link(name, f"/{name}/"))

    with pytest.raises(PageError, match="two pages would be written to a/index.html"):
        writer.write(tasks())
    assert on_disk_as_made == [[], ["a"], ["a", "b"], ["a", "b", "c"]], "a model is made when it is needed"


def deferred(tasks: list[Task]) -> Deferred:
    return Deferred(len(tasks), tasks.__getitem__, lambda number: replace(tasks[number], page=None))


@pytest.mark.parametrize("count", [1, 3 * render.CHUNK + 5])
def test_pages_forked_processes_make_and_write_are_the_pages_written_here(tmp_path, count):
    in_fresh_process(check_forked_pages, tmp_path, count)  # a process without threads forks


def check_forked_pages(tmp_path, count):
    writer = make_writer(tmp_path)
    items = [
        Task(f"p{number}/index.html", "link.html", m.Link(f"P{number}<", f"/p{number}/"))
        for number in range(count)
    ]
    listing = Task("list/index.html", "link.html", m.Link("All", "/list/"))
    assert render.Rendering(writer, 2, deferred(items)).processes == 2, "no thread here: the writer forks"
    record = writer.write([listing], processes=2, deferred=deferred(items))
    forked = {name: (writer.output / name).read_bytes() for name in record}
    here = Writer(writer.environment, b"theme", "chrome", tmp_path / "here")
    (tmp_path / "here").mkdir()
    assert here.write([*items, listing], processes=1) == {
        name: replace(written, identity=identity(tmp_path / "here" / name))
        for name, written in record.items()
    }, "the same keys"
    assert forked == {name: (tmp_path / "here" / name).read_bytes() for name in record}
    assert len(forked) == count + 1


def test_a_deferred_page_and_a_listing_for_one_file_are_refused(writer):
    items = [Task("a/index.html", "link.html", m.Link("A", "/a/"))]
    with pytest.raises(PageError, match="two pages would be written to a/index.html"):
        writer.write([Task("a/index.html", "link.html", m.Link("B", "/b/"))], deferred=deferred(items))


def test_a_template_error_in_a_forked_process_reaches_the_build_from_the_template(tmp_path):
    in_fresh_process(check_template_error, tmp_path)


def check_template_error(tmp_path):
    writer = make_writer(tmp_path)
    (tmp_path / "templates" / "fails.html").write_text(
        "<p>\n{{ page.text.no_such_method() }}</p>", encoding="utf-8"
    )
    tasks = [Task(f"p{number}/index.html", "link.html", m.Link("P", "/p/")) for number in range(100)]
    tasks.insert(50, Task("bad/index.html", "fails.html", m.Link("B", "/b/")))
    with pytest.raises(jinja2.UndefinedError) as failure:
        writer.write([], processes=2, deferred=deferred(tasks))
    assert any(entry.path.name == "fails.html" and entry.lineno == 1 for entry in failure.traceback)
