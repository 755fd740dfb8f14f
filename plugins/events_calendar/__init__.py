"""The events calendar: /events/events.ics with every published event, and an
"Add to calendar" .ics file for each event, written with the icalendar library.

ics.py builds the files from plain records (no Pelican). It is not a Pelican plugin:
the page-model builder makes the records (sitebuild/pages/feeds.py) and the one
writer writes the files (sitebuild/pages/render.py).
(The package is not called `calendar`: that would hide Python's own module.)

Settings (defaults in pelicanconf.py): EVENTS_CALENDAR_SAVE_AS,
EVENT_CALENDAR_SAVE_AS (an empty value writes no such file), SITENAME, SITEURL,
TIMEZONE.
"""
