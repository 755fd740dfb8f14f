"""Events as iCalendar files, written with the icalendar library (no Pelican here).

`CalendarEvent` is a plain record of one event; `calendar_bytes` turns a list
of them into the bytes of an .ics file. The same content always gives the
same bytes: UIDs come from the slug and the site's host, DTSTAMP from the
event's start, and events are sorted by start, then slug.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

REFRESH_INTERVAL = datetime.timedelta(days=1)  # how often a subscribed calendar app should look again


@dataclass(frozen=True)
class CalendarEvent:
    """What a calendar needs to know about one event."""

    slug: str
    title: str  # plain text, no markup
    start: datetime.datetime  # time-zone aware
    end: datetime.datetime | None = None
    location: str = ""
    url: str = ""  # the booking address, or the event's own page
    description: str = ""


def is_absolute(siteurl: str) -> bool:
    """Whether SITEURL names a scheme and a host (https://www.example.org), not a path or nothing."""
    parts = urlsplit(siteurl or "")
    return bool(parts.scheme and parts.hostname)


def site_host(siteurl: str) -> str:
    """The host of an absolute SITEURL ('www.example.org'), or 'localhost' for a relative or empty one."""
    return urlsplit(siteurl).hostname if is_absolute(siteurl) else "localhost"


def event_uid(slug: str, host: str) -> str:
    """A UID that names the event and the site, so it stays the same from build to build."""
    return f"{slug}@{host}"


def address(siteurl: str, path: str) -> str:
    """A page's address: absolute under an absolute SITEURL, otherwise from the site root ('/events/x/')."""
    path = path.lstrip("/")
    return f"{siteurl.rstrip('/')}/{path}" if is_absolute(siteurl) else f"/{path}"


def in_order(events: Iterable[CalendarEvent]) -> list[CalendarEvent]:
    """Soonest first; events starting together by slug, so the order never depends on file order."""
    return sorted(events, key=lambda event: (event.start, event.slug))


def vevent(event: CalendarEvent, host: str, zone: ZoneInfo) -> Event:
    """One VEVENT, its times in `zone` (DTSTART;TZID=Europe/London:...)."""
    start = event.start.astimezone(zone)
    end = event.end.astimezone(zone) if event.end else None
    return Event.new(
        uid=event_uid(event.slug, host),
        stamp=start.astimezone(datetime.timezone.utc),  # from the content, never "now"
        start=start,
        end=end,
        summary=event.title,
        location=event.location or None,
        url=event.url or None,
        description=event.description or None,
    )


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    prodid: str,
    host: str,
    timezone: str = "Europe/London",
    name: str = "",
) -> Calendar:
    """A VCALENDAR holding `events` in order, with the VTIMEZONE their times refer to.

    The VTIMEZONE covers the calendar years of the events (from 1 January of
    the first to 1 January after the last), so it depends on the content only.
    `name` (NAME and X-WR-CALNAME) suits a calendar people subscribe to; a
    single event's file leaves it out, so importing it does not make a new calendar.
    """
    zone = ZoneInfo(timezone)
    events = in_order(events)
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.calendar_name = name
        calendar.refresh_interval = REFRESH_INTERVAL
    for event in events:
        calendar.add_component(vevent(event, host, zone))
    if events:
        years = [event.start.astimezone(zone).year for event in events]
        years += [event.end.astimezone(zone).year for event in events if event.end]
        calendar.add_missing_timezones(
            first_date=datetime.date(min(years), 1, 1), last_date=datetime.date(max(years) + 1, 1, 1)
        )
    else:  # a calendar needs one component; the time zone keeps an empty one valid
        calendar.add_component(Timezone.from_tzid(timezone))
    return calendar


def calendar_bytes(events: Iterable[CalendarEvent], **options) -> bytes:
    """The .ics file's bytes (CRLF line ends, long lines folded) for `build_calendar(events, **options)`."""
    return build_calendar(events, **options).to_ical()


def prodid_for(site_name: str) -> str:
    """PRODID naming the site: -//<site name>//Events//EN (slashes in the name would break it, so they go)."""
    return f"-//{site_name.replace('/', ' ')}//Events//EN"
