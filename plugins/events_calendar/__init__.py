"""The events calendar: /events/events.ics with every published event, and an
"Add to calendar" .ics file for each event, written with the icalendar library.

ics.py builds the files from plain records (no Pelican); generator.py collects
the events, sets each event page's `calendar_url` and writes the files.
(The package is not called `calendar`: that would hide Python's own module.)

Settings it reads (defaults in pelicanconf.py): EVENTS_CALENDAR_SAVE_AS,
EVENT_CALENDAR_SAVE_AS (an empty value writes no such file), SITENAME, SITEURL,
TIMEZONE.
"""

from pelican import signals

from .generator import EventsCalendarGenerator


def add_generator(pelican):
    return EventsCalendarGenerator


def register():
    signals.get_generators.connect(add_generator)
