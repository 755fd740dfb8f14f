"""Feeds, calendars and the sitemap as models made by plain code (sitebuild/pages/feeds.py), and their
renderers (renderers.py) written by the one writer, without a build."""

from __future__ import annotations

import datetime
import os
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import SafeDatetime
from pelican.writers import Writer as PelicanWriter

from sitebuild.pages import models as m
from sitebuild.pages import renderers
from sitebuild.pages.build import Task
from sitebuild.pages.feeds import (
    Feeds,
    FeedSettingError,
    atom_feed_tasks,
    calendar_tasks,
    feed_entry,
    feed_lists,
    sitemap_tasks,
)
from sitebuild.pages.render import OutsideOutput, Renderer, Writer, theme_environment

LONDON = ZoneInfo("Europe/London")
SITEURL = "https://www.acsd.test"
SETTINGS = DEFAULT_CONFIG | {
    "SITENAME": "The Association",
    "SITEURL": SITEURL,
    "FEED_DOMAIN": SITEURL,
    "RELATIVE_URLS": False,
    "TIMEZONE": "Europe/London",
    "BUILD_NOW": datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC),  # content_model.clock's moment
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml",
    "REGION_FEED_ATOM": "feeds/region/{slug}.atom.xml",
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "TRANSLATION_FEED_ATOM": None,
    "EVENTS_CALENDAR_SAVE_AS": "events/events.ics",
    "EVENT_CALENDAR_SAVE_AS": "events/{slug}/event.ics",
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    "SITEMAP_EXCLUDE": ["404.html"],
}


class Named(SimpleNamespace):
    """A tag, category, author or region, as Pelican's URLWrapper: its name as text, a dictionary key."""

    __hash__ = object.__hash__

    def __str__(self):
        return self.name


def when(day: int, month: int = 3) -> SafeDatetime:
    return SafeDatetime(2026, month, day, 9, 30, tzinfo=LONDON)


def article(slug: str, day: int = 1, **fields):
    content = f"<p>All about {slug}.</p>"
    defaults = dict(
        slug=slug,
        title=f"<em>{slug.title()}</em> &amp; more",
        url=f"blog/{slug}/",
        status="published",
        date=when(day),
        author=Named(name="Ann Example"),
        category=Named(name="Leadership", slug="leadership"),
        tags=[Named(name="Ofsted", slug="ofsted")],
        summary=f"<p>{slug} in short.</p>",
        get_content=lambda siteurl: content,
    )
    return SimpleNamespace(**(defaults | fields))


# -- Atom feeds -------------------------------------------------------------------------


def test_an_entry_holds_what_the_feed_shows_of_an_article():
    entry = feed_entry(SETTINGS, article("peer-challenge", modified=when(9)))
    assert entry == m.FeedEntry(
        id="tag:www.acsd.test,2026-03-01:/blog/peer-challenge/",
        title="Peer-Challenge & more",
        link=f"{SITEURL}/blog/peer-challenge/",
        published="2026-03-01T09:30:00+00:00",
        updated="2026-03-09T09:30:00+00:00",
        author="Ann Example",
        summary_html="<p>peer-challenge in short.</p>",
        content_html="<p>All about peer-challenge.</p>",
        categories=("Leadership", "Ofsted"),
    )
    assert type(entry.published) is str


def test_an_entry_without_modified_is_updated_at_its_date_and_a_summary_like_the_content_is_left_out():
    entry = feed_entry(SETTINGS, article("same", summary="<p>All about same.</p>"))
    assert entry.updated == entry.published == "2026-03-01T09:30:00+00:00"
    assert entry.summary_html is None


def test_a_feed_is_titled_after_the_site_has_its_own_id_and_the_newest_date():
    articles = [article("b", 5), article("a", 2, modified=when(7))]
    feed = Feeds(SETTINGS).feed("feeds/category/leadership.atom.xml", "Leadership", articles)
    assert feed.title == "The Association - Leadership"
    assert feed.link == f"{SITEURL}/"
    assert feed.feed_url == feed.id == f"{SITEURL}/feeds/category/leadership.atom.xml"
    assert feed.updated == "2026-03-07T09:30:00+00:00", "a Modified date counts"
    assert [entry.link for entry in feed.entries] == [f"{SITEURL}/blog/b/", f"{SITEURL}/blog/a/"]


def test_a_feed_holds_at_most_feed_max_items_and_an_empty_one_is_dated_by_the_build():
    articles = [article(f"a{number}", number) for number in range(1, 6)]
    assert len(Feeds(SETTINGS | {"FEED_MAX_ITEMS": 2}).feed("feeds/all.atom.xml", "", articles).entries) == 2
    empty = Feeds(SETTINGS).feed("feeds/all.atom.xml", "", [])
    assert empty.title == "The Association"
    assert empty.updated == "2026-12-03T00:00:00+00:00", "the build's moment, never the clock's"


def test_the_atom_renderer_writes_the_bytes_pelicans_feed_writer_writes():
    """The same feedgenerator calls as pelican.writers.Writer.write_feed, with each feed's own id."""
    articles = [article("b", 5, modified=when(8)), article("a", 2, summary="<p>All about a.</p>")]
    pelican_feed = PelicanWriter("/nowhere", settings=SETTINGS).write_feed(
        articles, SETTINGS, url="feeds/category/leadership.atom.xml", feed_title="Leadership"
    )
    pelican_feed.feed["id"] = pelican_feed.feed["feed_url"]
    ours = Feeds(SETTINGS).feed("feeds/category/leadership.atom.xml", "Leadership", articles)
    assert renderers.atom(ours) == pelican_feed.writeString("utf-8").encode("utf-8")


def generator(articles, regions=()):
    """What feed_lists reads of Pelican's articles generator after reading."""
    leadership = Named(name="Leadership", slug="leadership")
    return SimpleNamespace(
        articles=articles,
        categories=[(leadership, articles)],
        tags={Named(name="Ofsted", slug="ofsted"): articles},
        authors=[(Named(name="Ann Example", slug="ann-example"), articles)],
        context={"regions": list(regions)},
    )


def test_one_feed_task_per_setting_set_and_none_for_a_region_without_articles():
    articles = [article("a")]
    regions = [
        Named(name="London", slug="london", articles=articles),
        Named(name="Empty", slug="empty", articles=[]),
    ]
    tasks = atom_feed_tasks(SETTINGS, feed_lists(generator(articles, regions)))
    assert [task.save_as for task in tasks] == [
        "feeds/all.atom.xml",
        "feeds/category/leadership.atom.xml",
        "feeds/region/london.atom.xml",
    ]
    assert all(task.template is renderers.ATOM for task in tasks)
    assert tasks[2].page.title == "The Association - London"
    assert tasks[0].page.entries[0] is tasks[1].page.entries[0], "each entry is made once"


def test_a_feed_url_setting_gives_the_feeds_address():
    settings = SETTINGS | {"CATEGORY_FEED_ATOM_URL": "atom/{slug}/"}
    tasks = atom_feed_tasks(settings, feed_lists(generator([article("a")])))
    assert tasks[1].save_as == "feeds/category/leadership.atom.xml"
    assert tasks[1].page.feed_url == f"{SITEURL}/atom/leadership/"


def test_a_feed_the_site_does_not_write_is_refused_by_name():
    with pytest.raises(FeedSettingError, match="^FEED_RSS asks for a feed the site does not write"):
        atom_feed_tasks(SETTINGS | {"FEED_RSS": "feeds/rss.xml"}, feed_lists(generator([])))


# -- Calendars --------------------------------------------------------------------------


def event(slug: str, day: int, **fields):
    start = datetime.datetime(2026, 12, day, 10, tzinfo=LONDON)
    defaults = dict(
        kind="events",
        slug=slug,
        title=f"{slug}&#8217;s day",
        plain_title=f"{slug}’s day",
        url=f"events/{slug}/",
        save_as=f"events/{slug}/index.html",
        start=start,
        end=start + datetime.timedelta(hours=2),
        location="Leeds",
        excerpt="A day.",
    )
    return SimpleNamespace(**(defaults | fields))


def test_the_whole_calendar_has_every_published_event_soonest_first_and_each_event_page_its_own():
    later, sooner = event("later", 20, booking="https://book.example.org/"), event("sooner", 8)
    hidden = event("hidden", 9)
    context = {"upcoming_events": [later], "past_events": [sooner]}
    pages = [Task(item.save_as, "event.html", None, item=item) for item in (later, sooner, hidden)]
    pages.append(Task("events/index.html", "events.html", None, listed=(later, sooner)))
    tasks = calendar_tasks(SETTINGS, context, pages)
    assert [task.save_as for task in tasks] == [
        "events/events.ics",
        "events/later/event.ics",
        "events/sooner/event.ics",
        "events/hidden/event.ics",
    ]
    assert all(task.template is renderers.ICALENDAR for task in tasks)
    whole = tasks[0].page
    assert [entry.slug for entry in whole.events] == ["sooner", "later"]
    assert whole.name == "The Association: events" and whole.host == "www.acsd.test"
    assert whole.prodid == "-//The Association//Events//EN" and whole.timezone == "Europe/London"
    assert whole.events[0].title == "sooner’s day" and whole.events[0].location == "Leeds"
    assert whole.events[0].url == f"{SITEURL}/events/sooner/", "no booking: the event's page"
    assert whole.events[1].url == "https://book.example.org/"
    assert [entry.slug for entry in tasks[3].page.events] == ["hidden"] and tasks[3].page.name == ""


def test_empty_calendar_settings_write_no_calendar_and_the_preview_names_localhost():
    settings = SETTINGS | {"EVENTS_CALENDAR_SAVE_AS": "", "EVENT_CALENDAR_SAVE_AS": ""}
    one = event("one", 8)
    context = {"upcoming_events": [one], "past_events": []}
    assert calendar_tasks(settings, context, [Task(one.save_as, "event.html", None, item=one)]) == []
    preview = calendar_tasks(SETTINGS | {"SITEURL": ""}, context, [])
    assert preview[0].page.host == "localhost" and preview[0].page.events[0].url == "/events/one/"


# -- The sitemap and robots.txt ---------------------------------------------------------


def page_tasks():
    old, new = article("old", 1, modified=when(9)), article("new", 5)
    about = SimpleNamespace(status="published", source_path="pages/about.md")
    draft = article("draft", 20, status="draft")
    return [
        Task("blog/old/index.html", "article.html", None, item=old),
        Task("blog/new/index.html", "article.html", None, item=new),
        Task("blog/draft/index.html", "article.html", None, item=draft),
        Task("about/index.html", "page.html", None, item=about),
        Task("tag/ofsted/index.html", "listing.html", None, listed=(old, new, draft)),
        Task("404.html", "404.html", None, listed=(old, new)),
    ]


def test_the_sitemap_lists_the_published_pages_dated_by_their_item_or_newest_listed_item():
    tasks = sitemap_tasks(SETTINGS, page_tasks(), shipped=set())
    assert [(task.save_as, task.template) for task in tasks] == [
        ("sitemap.xml", renderers.SITEMAP),
        ("robots.txt", renderers.ROBOTS),
    ]
    sitemap = tasks[0].page
    assert sitemap.timezone == "Europe/London"
    assert [(entry.loc, entry.lastmod) for entry in sitemap.entries] == [
        (f"{SITEURL}/about/", when(9)),  # no date of its own: the site's newest
        (f"{SITEURL}/blog/new/", when(5)),
        (f"{SITEURL}/blog/old/", when(9)),  # its Modified
        (f"{SITEURL}/tag/ofsted/", when(9)),  # its newest published item
    ]
    assert all(type(entry.lastmod) is datetime.datetime for entry in sitemap.entries), "no Pelican object"
    assert tasks[1].page == m.RobotsFile(f"{SITEURL}/sitemap.xml")


def test_no_sitemap_without_an_absolute_siteurl_and_no_robots_when_the_site_ships_one():
    assert sitemap_tasks(SETTINGS | {"SITEURL": ""}, page_tasks(), shipped=set()) == []
    tasks = sitemap_tasks(SETTINGS, page_tasks(), shipped={"robots.txt"})
    assert [task.save_as for task in tasks] == ["sitemap.xml"]


@pytest.mark.parametrize("setting", ["SITEMAP_SAVE_AS", "ROBOTS_SAVE_AS"])
@pytest.mark.parametrize("value", ["../elsewhere.xml", "/etc/x", "a/../../x"])
def test_a_file_setting_outside_the_output_folder_is_refused_by_name(setting, value):
    with pytest.raises(OutsideOutput, match=f"^{setting} is '{value}', which is outside the output folder"):
        sitemap_tasks(SETTINGS | {setting: value}, page_tasks(), shipped=set())


# -- Written by the one writer ----------------------------------------------------------


@pytest.fixture
def writer(tmp_path):
    (tmp_path / "templates").mkdir()
    output = tmp_path / "output"
    output.mkdir()
    return Writer(theme_environment(tmp_path / "templates", {}), b"theme", "chrome", output)


def test_a_file_is_written_by_its_renderer_and_linked_while_its_model_and_renderer_are_unchanged(
    writer, tmp_path
):
    robots = renderers.ROBOTS
    tasks = [Task("robots.txt", robots, m.RobotsFile(f"{SITEURL}/sitemap.xml"))]
    record = writer.write(tasks)
    assert (
        (writer.output / "robots.txt")
        .read_text(encoding="utf-8")
        .endswith(f"\nSitemap: {SITEURL}/sitemap.xml\n")
    )
    live = tmp_path / "live"
    writer.output.rename(live)
    writer.output.mkdir()
    writer.write(tasks, reuse_from=live, last=record)
    assert os.path.samefile(writer.output / "robots.txt", live / "robots.txt")

    changed = Renderer(robots.name, robots.render, b"other code or library version")
    assert writer.key(Task("robots.txt", changed, tasks[0].page)) != writer.key(tasks[0])
    other_model = Task("robots.txt", robots, m.RobotsFile(f"{SITEURL}/other.xml"))
    assert writer.key(other_model) != writer.key(tasks[0])
