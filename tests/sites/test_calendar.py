"""The events calendar as built: /events/events.ics and each event's event.ics, read back with icalendar."""

from __future__ import annotations

import datetime
import posixpath
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.conftest import REPO, SITEURL, Site, text_of

HOST = SITEURL.removeprefix("https://")  # production UIDs end with @HOST

LONDON = ZoneInfo("Europe/London")
NO_SEARCH = "SEARCH_INDEX = False  # the calendar tests need no search index\n"

EVENTS = {
    "events/past.md": """
        Title: Past webinar on family help
        Start: 2020-02-05 12:30
        End: 2020-02-05 13:45
        Location: Online
        Booking: https://events.example.org/past-webinar
        Summary: A lunchtime webinar about family help.

        Body of the past webinar.
        """,
    "events/upcoming.md": """
        Title: Directors' summit 2035
        Start: 2035-07-04 09:30
        End: 2035-07-04 16:00
        Location: Bridgewater Exchange, Manchester
        Booking: https://events.example.org/summit-2035

        The summit brings directors together for a day.
        """,
    "events/overnight.md": """
        Title: Overnight data sprint
        Start: 2030-03-30 22:00
        End: 2030-03-31 04:00
        Location: Leeds Civic Hall

        The clocks go forward during this sprint.
        """,
    "events/draft.md": """
        Title: Draft event
        Start: 2031-01-01 10:00
        Status: draft

        Not ready.
        """,
    "events/hidden.md": """
        Title: Invitation-only dinner
        Start: 2031-02-01 19:00
        Status: hidden

        By invitation.
        """,
}
PUBLISHED = [
    "past-webinar-on-family-help",
    "overnight-data-sprint",
    "directors-summit-2035",
]  # in start order


def make_site(root) -> Site:
    site = Site(root, extra_settings=NO_SEARCH)
    for path, text in EVENTS.items():
        site.write(path, text)
    return site


def read(path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def uids(calendar: Calendar) -> list[str]:
    return [str(event["UID"]) for event in calendar.events]


@pytest.fixture(scope="module")
def development(tmp_path_factory):
    """The fixture site built twice with the development settings (relative URLs, drafts previewed)."""
    site = make_site(tmp_path_factory.mktemp("calendar-dev"))
    first = site.build()
    assert first.returncode == 0, first.stderr
    first_bytes = (site.output / "events" / "events.ics").read_bytes()
    first_single = (site.output / "events" / "overnight-data-sprint" / "event.ics").read_bytes()
    second = site.build()
    assert second.returncode == 0, second.stderr
    return SimpleNamespace(site=site, first_bytes=first_bytes, first_single=first_single)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("calendar-prod"))
    result = site.build(production=True)
    assert result.returncode == 0, result.stderr
    return site


def test_every_published_event_is_in_the_calendar_once_in_start_order(development):
    calendar = read(development.site.output / "events" / "events.ics")
    assert uids(calendar) == [f"{slug}@localhost" for slug in PUBLISHED]
    summaries = [str(event["SUMMARY"]) for event in calendar.events]
    assert summaries == ["Past webinar on family help", "Overnight data sprint", "Directors’ summit 2035"]
    text = (development.site.output / "events" / "events.ics").read_text(encoding="utf-8")
    assert "Draft event" not in text and "Invitation-only" not in text
    assert str(calendar["PRODID"]) == "-//Association of Children's Services Directors//Events//EN"


def test_two_builds_give_the_same_bytes(development):
    output = development.site.output
    assert (output / "events" / "events.ics").read_bytes() == development.first_bytes
    assert (
        output / "events" / "overnight-data-sprint" / "event.ics"
    ).read_bytes() == development.first_single
    assert (
        b"DTSTAMP:20300330T220000Z\r\n" in development.first_bytes
    )  # the start in UTC (22:00 GMT), not the build time


def test_times_are_london_wall_times_with_the_time_zone_included(development):
    raw = (development.site.output / "events" / "events.ics").read_bytes().decode("utf-8")  # keeps CRLF
    assert "DTSTART;TZID=Europe/London:20200205T123000\r\n" in raw  # winter, GMT
    assert "DTSTART;TZID=Europe/London:20350704T093000\r\n" in raw  # summer, BST
    assert "DTSTART;TZID=Europe/London:20300330T220000\r\n" in raw
    assert "DTEND;TZID=Europe/London:20300331T040000\r\n" in raw
    calendar = read(development.site.output / "events" / "events.ics")
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    assert calendar.get_missing_tzids() == set()
    sprint = calendar.events[1]
    assert sprint.start == datetime.datetime(2030, 3, 30, 22, tzinfo=LONDON)
    assert sprint.start.utcoffset() == datetime.timedelta(0)  # before the clocks go forward
    assert sprint.end.utcoffset() == datetime.timedelta(hours=1)  # after: 04:00 BST
    utc = datetime.timezone.utc
    assert sprint.end.astimezone(utc) - sprint.start.astimezone(utc) == datetime.timedelta(hours=5)
    summit = calendar.events[2]
    assert summit.start.utcoffset() == datetime.timedelta(hours=1)


def test_location_url_and_description(development):
    by_uid = {
        str(event["UID"]).split("@")[0]: event
        for event in read(development.site.output / "events" / "events.ics").events
    }
    past = by_uid["past-webinar-on-family-help"]
    assert past["LOCATION"] == "Online"
    assert past["URL"] == "https://events.example.org/past-webinar"  # the booking page
    assert past["DESCRIPTION"] == "A lunchtime webinar about family help."
    sprint = by_uid["overnight-data-sprint"]
    assert sprint["LOCATION"] == "Leeds Civic Hall"
    assert (
        sprint["URL"] == "/events/overnight-data-sprint/"
    )  # no booking: the event's page, from the site root
    assert sprint["DESCRIPTION"] == "The clocks go forward during this sprint."


def calendar_link(site, slug):
    soup = site.page(f"/events/{slug}/")
    link = next(a for a in soup.select("main a") if text_of(a).startswith("Add to calendar"))
    return link, soup


def test_each_event_page_links_its_own_calendar_file(development):
    site = development.site
    for slug in [*PUBLISHED, "invitation-only-dinner", "draft-event"]:
        link, _ = calendar_link(site, slug)
        target = posixpath.normpath(posixpath.join(f"events/{slug}", link["href"]))
        assert target == f"events/{slug}/event.ics"
        single = read(site.output / target)
        assert uids(single) == [f"{slug}@localhost"]
        assert [tz.tz_name for tz in single.timezones] == ["Europe/London"]
    link, _ = calendar_link(site, "directors-summit-2035")
    assert link.get_text() == "Add to calendar: Directors’ summit 2035 (calendar file)"
    assert "visually-hidden" in link.span["class"]


def test_the_events_page_offers_the_calendar_to_subscribe_to(development, production):
    soup = development.site.page("/events/")
    link = next(a for a in soup.select("main a") if text_of(a) == "Subscribe to the events calendar")
    assert posixpath.normpath(posixpath.join("events", link["href"])) == "events/events.ics"
    assert link["type"] == "text/calendar"
    link = next(a for a in production.page("/events/").select("main a") if "Subscribe" in text_of(a))
    assert link["href"] == f"{SITEURL}/events/events.ics"  # the address a calendar app subscribes to


def test_production_uses_the_sites_host_and_absolute_addresses(production, development):
    calendar = read(production.output / "events" / "events.ics")
    assert uids(calendar) == [f"{slug}@{HOST}" for slug in PUBLISHED]
    sprint = calendar.events[1]
    assert sprint["URL"] == f"{SITEURL}/events/overnight-data-sprint/"
    link, _ = calendar_link(production, "overnight-data-sprint")
    assert link["href"] == f"{SITEURL}/events/overnight-data-sprint/event.ics"
    assert (production.output / "events" / "overnight-data-sprint" / "event.ics").is_file()
    assert (production.output / "events" / "invitation-only-dinner" / "event.ics").is_file()
    assert not (production.output / "events" / "draft-event").exists()
    # Apart from the host in UIDs and addresses, production and preview calendars agree.
    dev_text = (development.site.output / "events" / "events.ics").read_text(encoding="utf-8")
    prod_text = (production.output / "events" / "events.ics").read_text(encoding="utf-8")
    assert re.sub(r"@localhost|URL:/", "", dev_text) == re.sub(
        rf"@{re.escape(HOST)}|URL:{re.escape(SITEURL)}/", "", prod_text
    )


def test_a_failed_build_leaves_no_calendar(tmp_path):
    site = make_site(tmp_path / "site")
    site.write("events/broken.md", "Title: Broken\nStart: 2030-01-02 10:00\nEnd: 2030-01-01 10:00\n\nBody\n")
    result = site.build()
    assert result.returncode == 1
    assert not site.output.exists()
    assert not list(site.root.rglob("*.ics"))


def test_example_site_calendar_matches_its_events(tmp_path):
    site = Site(tmp_path, content=REPO / "content", extra_settings=NO_SEARCH)
    result = site.build(production=True)
    assert result.returncode == 0, result.stderr
    published = []
    for path in sorted((REPO / "content" / "events").rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if not re.search(r"^Status:\s*(draft|hidden)", head, re.I | re.M):
            published.append(head)
    calendar = read(site.output / "events" / "events.ics")
    assert len(calendar.events) == len(published)
    assert len(set(uids(calendar))) == len(published)
    starts = [event.start for event in calendar.events]
    assert starts == sorted(starts)
    for event in calendar.events:
        assert str(event["UID"]).endswith(f"@{HOST}")
        assert event.start.tzinfo.key == "Europe/London"
        assert str(event["URL"]).startswith("https://")
        slug = str(event["UID"]).split("@")[0]
        assert (site.output / "events" / slug / "event.ics").is_file()
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
