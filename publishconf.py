"""Production settings: `invoke build --production` and `invoke publish`.

Everything in pelicanconf.py, plus an absolute SITEURL, feeds, and no drafts
or future-dated posts (a post dated tomorrow is published by the first
production build on or after that day).
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://www.example.org")
RELATIVE_URLS = False

# Atom feeds, all written by Pelican's own feed writer: everything, and one per
# category, tag and region (regions are the site's own: plugins/listings writes those).
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
CACHE_CONTENT = False
