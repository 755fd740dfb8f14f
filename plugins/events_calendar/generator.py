"""A Pelican generator that writes the events calendar and each event's own .ics file.

Its output goes through Pelican's output path like every other page, so a
failed build (which never replaces output/) never leaves a calendar behind.
"""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator
from pelican.utils import sanitised_join

from .ics import CalendarEvent, address, calendar_bytes, prodid_for, site_host

DEFAULTS = {
    "EVENTS_CALENDAR_SAVE_AS": "events/events.ics",
    "EVENT_CALENDAR_SAVE_AS": "events/{slug}/event.ics",
}


def is_event(content) -> bool:
    return getattr(content, "kind", None) == "events" and getattr(content, "start", None) is not None


class EventsCalendarGenerator(Generator):
    """Collects the events, gives each written event page its `calendar_url`, then writes the files.

    events.ics holds every published event. Each event whose page is written
    (published, hidden, and drafts while previewing) gets its own event.ics,
    which its "Add to calendar" link points to. The listings plugin moves
    events out of `pages` into `upcoming_events` and `past_events`; events are
    looked for in all three, so the order of the two plugins does not matter.
    """

    def generate_context(self):
        settings = self.settings
        self.events_save_as = settings.get("EVENTS_CALENDAR_SAVE_AS", DEFAULTS["EVENTS_CALENDAR_SAVE_AS"])
        self.event_save_as = settings.get("EVENT_CALENDAR_SAVE_AS", DEFAULTS["EVENT_CALENDAR_SAVE_AS"])
        context = self.context
        published = unique(
            content
            for key in ("pages", "upcoming_events", "past_events")
            for content in context.get(key, [])
            if is_event(content) and content.status == "published"
        )
        written = published + unique(
            content
            for key in ("hidden_pages", "draft_pages")
            for content in context.get(key, [])
            if is_event(content) and getattr(content, "save_as", "")
        )
        self.published = published
        self.single_files = []
        if self.event_save_as:
            for event in written:
                event.calendar_url = self.event_save_as.format(slug=event.slug)
                self.single_files.append((event.calendar_url, event))
        context["events_calendar_url"] = self.events_save_as  # for a template that offers the whole calendar

    def record(self, event) -> CalendarEvent:
        siteurl = self.settings["SITEURL"]
        return CalendarEvent(
            slug=event.slug,
            title=getattr(event, "plain_title", "") or event.title,
            start=event.start,
            end=getattr(event, "end", None),
            location=str(getattr(event, "location", "") or ""),
            url=str(getattr(event, "booking", "") or "") or address(siteurl, event.url),
            description=getattr(event, "excerpt", "") or "",
        )

    def generate_output(self, writer):
        settings = self.settings
        options = {
            "prodid": prodid_for(settings["SITENAME"]),
            "host": site_host(settings["SITEURL"]),
            "timezone": settings["TIMEZONE"],
        }
        if self.events_save_as:
            events = [self.record(event) for event in self.published]
            self.write(
                self.events_save_as, calendar_bytes(events, name=f"{settings['SITENAME']}: events", **options)
            )
        for save_as, event in self.single_files:
            self.write(save_as, calendar_bytes([self.record(event)], **options))

    def write(self, save_as: str, data: bytes) -> None:
        path = Path(sanitised_join(self.output_path, save_as))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def unique(items) -> list:
    """The items once each, in first-seen order (an event can be in `pages` and a listing)."""
    seen, kept = set(), []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            kept.append(item)
    return kept
