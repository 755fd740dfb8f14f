"""The events calendar's pure logic (plugins/events_calendar/ics.py): UIDs, order, times, determinism."""

import datetime
from zoneinfo import ZoneInfo

from events_calendar.ics import (
    CalendarEvent,
    address,
    build_calendar,
    calendar_bytes,
    event_uid,
    in_order,
    prodid_for,
    site_host,
)
from icalendar import Calendar

LONDON = ZoneInfo("Europe/London")
OPTIONS = {"prodid": prodid_for("Test Association"), "host": "www.example.org", "timezone": "Europe/London"}


def at(*parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=LONDON)


def event(slug, start, end=None, **fields) -> CalendarEvent:
    return CalendarEvent(slug=slug, title=fields.pop("title", slug.title()), start=start, end=end, **fields)


def parsed(events, **options) -> Calendar:
    return Calendar.from_ical(calendar_bytes(events, **{**OPTIONS, **options}))


def test_host_comes_from_an_absolute_siteurl_and_is_localhost_otherwise():
    assert site_host("https://www.example.org") == "www.example.org"
    assert site_host("https://Example.org:8443/sub/") == "example.org"
    assert site_host("") == "localhost"
    assert site_host("/preview") == "localhost"
    assert site_host("..") == "localhost"


def test_uid_is_slug_at_host_and_does_not_change():
    assert event_uid("annual-conference-2027", "www.example.org") == "annual-conference-2027@www.example.org"
    assert parsed([event("a", at(2026, 1, 5, 10))]).events[0]["UID"] == "a@www.example.org"


def test_address_is_absolute_only_under_an_absolute_siteurl():
    assert address("https://www.example.org", "events/a/") == "https://www.example.org/events/a/"
    assert address("https://www.example.org/", "/events/a/") == "https://www.example.org/events/a/"
    assert address("", "events/a/") == "/events/a/"


def test_events_are_ordered_by_start_then_slug():
    same = at(2026, 5, 1, 9)
    events = [
        event("zeta", same),
        event("later", at(2026, 6, 1, 9)),
        event("alpha", same),
        event("first", at(2026, 1, 1, 9)),
    ]
    assert [e.slug for e in in_order(events)] == ["first", "alpha", "zeta", "later"]
    assert [str(e["UID"]).split("@")[0] for e in parsed(events).events] == ["first", "alpha", "zeta", "later"]


def test_winter_and_summer_times_keep_their_wall_time_tzid_and_offset():
    winter = event("winter", at(2026, 1, 15, 9, 30), at(2026, 1, 15, 11))
    summer = event("summer", at(2026, 7, 15, 9, 30), at(2026, 7, 15, 11))
    text = calendar_bytes([winter, summer], **OPTIONS).decode()
    assert "DTSTART;TZID=Europe/London:20260115T093000\r\n" in text
    assert "DTSTART;TZID=Europe/London:20260715T093000\r\n" in text
    assert "DTEND;TZID=Europe/London:20260715T110000\r\n" in text
    by_uid = {str(e["UID"]): e for e in parsed([winter, summer]).events}
    winter_start = by_uid["winter@www.example.org"].start
    summer_start = by_uid["summer@www.example.org"].start
    assert winter_start.utcoffset() == datetime.timedelta(0)
    assert summer_start.utcoffset() == datetime.timedelta(hours=1)
    assert summer_start.astimezone(datetime.timezone.utc).hour == 8  # 09:30 BST is 08:30 UTC


def test_times_given_in_another_zone_are_written_in_london_time():
    start = datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.timezone.utc)
    text = calendar_bytes([event("utc", start)], **OPTIONS).decode()
    assert "DTSTART;TZID=Europe/London:20260701T090000\r\n" in text


def test_vtimezone_is_included_with_both_changes_of_the_year():
    calendar = parsed([event("a", at(2026, 10, 24, 18), at(2026, 10, 25, 10))])
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    assert calendar.get_missing_tzids() == set()
    timezone = calendar.timezones[0]
    offsets = {sub["TZOFFSETTO"].td for sub in timezone.walk() if sub.name in ("STANDARD", "DAYLIGHT")}
    assert offsets == {datetime.timedelta(0), datetime.timedelta(hours=1)}


def test_event_across_the_clocks_going_back_keeps_both_wall_times():
    spanning = event("overnight", at(2026, 10, 24, 22), at(2026, 10, 25, 3))
    calendar_event = parsed([spanning]).events[0]
    assert calendar_event.start.utcoffset() == datetime.timedelta(hours=1)
    assert calendar_event.end.utcoffset() == datetime.timedelta(0)
    utc = datetime.timezone.utc
    assert calendar_event.end.astimezone(utc) - calendar_event.start.astimezone(utc) == datetime.timedelta(
        hours=6
    )


def test_fields_are_written_and_dtstamp_comes_from_the_start():
    item = event(
        "talk",
        at(2026, 7, 1, 10),
        title="Leaders, together; at last",
        location="Online",
        url="https://events.example.org/book",
        description="A short talk.",
    )
    calendar_event = parsed([item]).events[0]
    assert calendar_event["SUMMARY"] == "Leaders, together; at last"
    assert calendar_event["LOCATION"] == "Online"
    assert calendar_event["URL"] == "https://events.example.org/book"
    assert calendar_event["DESCRIPTION"] == "A short talk."
    assert calendar_event.DTSTAMP == datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.timezone.utc)
    assert "DTEND" not in calendar_event


def test_calendar_names_the_site_and_only_the_full_calendar_has_a_name():
    full = parsed([event("a", at(2026, 1, 5, 10))], name="Test Association: events")
    assert full["PRODID"] == "-//Test Association//Events//EN"
    assert full.calendar_name == "Test Association: events"
    assert full["VERSION"] == "2.0" and full["METHOD"] == "PUBLISH"
    assert "NAME" not in parsed([event("a", at(2026, 1, 5, 10))])


def test_output_is_deterministic_whatever_the_input_order():
    events = [event("b", at(2026, 3, 1, 9)), event("a", at(2026, 3, 1, 9)), event("c", at(2027, 8, 1, 9))]
    first = calendar_bytes(events, **OPTIONS)
    assert first == calendar_bytes(list(reversed(events)), **OPTIONS)
    assert first == calendar_bytes(events, **OPTIONS)
    assert b"\r\n" in first and first.startswith(b"BEGIN:VCALENDAR\r\n")


def test_an_empty_calendar_is_still_valid_and_carries_the_time_zone():
    calendar = build_calendar([], **OPTIONS)
    assert calendar.events == []
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
