"""Sitemap and robots: /sitemap.xml lists every published page the build writes, each
with its last-modified date, and /robots.txt points to it. Drafts, hidden items and
the 404 page stay out. Written only when SITEURL is absolute (production builds).

sitemap.py holds the rules and writes the files, as plain functions (no Pelican). It
is not a Pelican plugin: the page-model builder calls it (sitebuild/pages/feeds.py)
and the one writer writes its files (sitebuild/pages/render.py).

Settings (defaults in pelicanconf.py): SITEURL, TIMEZONE, SITEMAP_SAVE_AS,
ROBOTS_SAVE_AS, SITEMAP_EXCLUDE.
"""
