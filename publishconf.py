"""Production settings: `invoke build --production` and `invoke publish`.

Everything in pelicanconf.py, plus an absolute SITEURL, feeds, and no drafts
or future-dated posts (a post dated tomorrow is published by the first
production build on or after that day).
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

# The site's address, from the SITEURL environment variable, such as
# SITEURL=https://www.your-association.org.uk invoke publish. Without it, the example
# address, which production builds and `invoke publish` refuse (sitebuild/siteurl.py),
# as they refuse an empty or relative address: every link and feed would point at it.
SITEURL = os.environ.get("SITEURL", "https://www.example.org")
RELATIVE_URLS = False

# Where `invoke publish` copies output/ with rsync: a folder, or user@host:/absolute/path for SSH.
# Empty by default: give --target, or set the PUBLISH_TARGET environment variable, or set it here.
PUBLISH_TARGET = ""

# Atom feeds (sitebuild/pages/feeds.py): everything, and one per category, tag and region.
# Each listing page links its feed. Entries carry an absolute link, a stable id
# (tag: URI from the address and date), the item's author, and its Modified or Date.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
REGION_FEED_ATOM = "feeds/region/{slug}.atom.xml"
FEED_MAX_ITEMS = 100  # newest items in each feed (Pelican's default, stated); None for all

WITH_FUTURE_DATES = False  # a future-dated post waits, as a draft, until its date
DRAFT_SAVE_AS = ""  # drafts are never written in production
DRAFT_PAGE_SAVE_AS = ""

LOAD_CONTENT_CACHE = False  # production builds start from the files alone
SEARCH_REUSE_BUNDLES = False  # ... and index every search bundle afresh
SEARCH_PAGES_PER_INDEX = 2000  # fewer, larger search bundles: fewer files per search (pelicanconf.py)
REUSE_UNCHANGED_PAGES = False  # ... and render every page afresh

# The CDN's headers (plugins/assets): the Content-Security-Policy, nosniff, REFERRER_POLICY,
# PERMISSIONS_POLICY_DENY on every path; a year's cache for the hashed theme files.
HEADERS_SAVE_AS = "_headers"

# Precompressed copies (pelican-precompress): page.html.br and page.html.gz beside each text
# file, for a host that serves them (nginx gzip_static, Caddy's precompressed...). It runs
# after every other end-of-build step, Pagefind's index included (its .pf_* files are
# compressed already and keep no copies). gzip copies carry no timestamp, so two builds
# of the same content give the same bytes.
PLUGINS = [*PLUGINS, "precompress"]
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True
# The plugin's own brotli quality, 11, compresses ~0.5 MB/s per core: ten minutes for 10,000
# articles. 5 is ~60 times as fast, its copies ~1/6 larger (plugins/assets/compression.py).
PRECOMPRESS_BROTLI_QUALITY = 5
PRECOMPRESS_ZOPFLI = False  # slower gzip for a few per cent: not worth it beside brotli
PRECOMPRESS_ZSTANDARD = False  # browsers ask for br first; zstd is one more copy of every file
PRECOMPRESS_MIN_SIZE = 256  # bytes: a smaller file gains less than a packet from compression
PRECOMPRESS_TEXT_EXTENSIONS = {".html", ".css", ".js", ".json", ".xml", ".atom", ".ics", ".svg", ".txt"}
CACHE_CONTENT = False
