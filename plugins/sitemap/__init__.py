"""Sitemap and robots: /sitemap.xml lists every published page the build wrote, each
with its last-modified date, and /robots.txt points to it. Drafts, hidden items and
the 404 page stay out. Written only when SITEURL is absolute (production builds).

Settings it reads (defaults in pelicanconf.py): SITEURL, TIMEZONE, SITEMAP_SAVE_AS,
ROBOTS_SAVE_AS, SITEMAP_EXCLUDE.
"""

from pelican import signals

from .hooks import note_page, start, write_files


def register():
    signals.get_generators.connect(start)  # sent at the start of every build, autoreload's too
    signals.content_written.connect(note_page)
    signals.finalized.connect(write_files)
