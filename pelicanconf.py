"""Development settings: what `invoke build` and `invoke serve` use.

publishconf.py imports these and overrides what production needs (absolute
SITEURL, feeds, no drafts). Every setting the site's plugins read has its
default here, with a comment saying what it does.
"""

from pelican.settings import DEFAULT_CONFIG as pelican_defaults  # lower case: not a setting itself

SITENAME = "Association of Children's Services Directors"
SITE_DESCRIPTION = (
    "The association of directors of children's services in England: the President's blog, "
    "regional updates, events and publications."
)
# Who the association is, in a sentence or two at the top of the home page (plain text).
HOME_INTRODUCTION = (
    "We are the association of the directors of children's services of England's councils. We speak "
    "for them nationally, help them learn from each other through peer challenge, and support the "
    "people who lead services for children and families."
)
FEEDBACK_EMAIL = "haveyoursay@example.org"  # "Have your say" on every post invites emails here
# The header's navigation: (label, address below the site root).
MENU_ITEMS = (
    ("Blog", "blog/"),
    ("Regional updates", "regional-updates/"),
    ("Events", "events/"),
    ("Publications", "publications/"),
    ("Search", "search/"),
    ("About", "about/"),
)
FOOTER_LINKS = (
    ("Accessibility statement", "accessibility-statement/"),
    ("Privacy and cookies", "privacy/"),
    ("Contact", "contact/"),
    ("Archive", "archive/"),
    ("Tags", "tag/"),
    ("Regions", "region/"),
)
EVENT_DATE_FORMAT = "%A %-d %B %Y, %H:%M"  # Tuesday 9 July 2024, 10:00: DEFAULT_DATE_FORMAT's style
SITEURL = ""
RELATIVE_URLS = True  # the preview works from any folder or host

PATH = "content"
# The folders builds write, and CACHE_PATH below: each must be a folder of its own inside the
# project, not being, holding or inside the project's own files or another of them
# (sitebuild/paths.py). `invoke clean` deletes them.
OUTPUT_PATH = "output"  # `invoke build` and `invoke publish`: the site, replaced whole by each good build
PREVIEW_OUTPUT_PATH = "preview"  # `invoke serve` builds into and serves this one, which no build replaces
THEME = "theme"
TIMEZONE = "Europe/London"
LANGUAGE = "en-GB"  # the pages' lang attribute
DEFAULT_LANG = LANGUAGE  # Pelican's own copy, which it lower-cases
LOCALE = ("C",)  # month and day names in English whatever the machine's locale
DEFAULT_DATE_FORMAT = "%-d %B %Y"  # 22 November 2026

# --- The content model (plugins/content_model) --------------------------------
# Writers choose from these lists; a value is matched ignoring case and
# rewritten to the spelling here. Change a list here, not in code.
CATEGORIES = ["General", "Inspection & Improvement", "Leadership", "Education"]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
# Items that name no author (a publication may have none) are credited to the
# association, in bylines, citations, /author/ and feeds (Atom needs an author).
AUTHOR = SITENAME
AUTHORS_FILE = "data/authors.toml"  # under content/: role, organisation and bio of each author
REGIONS_FILE = "data/regions.toml"  # under content/: each region's councils and chair, on its page
EXCERPT_LENGTH = 160  # characters of the excerpt under each item in listings and related lists
PUBLICATION_TYPES = ["Report", "Policy paper", "Briefing", "Consultation response", "Book chapter"]

# Addresses of tags and authors: a symbol that would otherwise vanish from the address is spelled
# out, so names that differ only in symbols get addresses of their own (C++ /tag/c-plus-plus/,
# C# /tag/c-sharp/, C /tag/c/). A leading # is a hashtag and is dropped: #python is python.
# Pelican applies these before its own rules (SLUG_REGEX_SUBSTITUTIONS: other punctuation goes,
# spaces and hyphens become one hyphen).
SYMBOL_WORDS = [
    (r"\+", " plus "),
    (r"(?<=\w)#", " sharp "),
    ("&", " and "),
    ("@", " at "),
    ("%", " percent "),
    (r"\*", " star "),
    ("=", " equals "),
    ("<", " less than "),
    (">", " greater than "),
    (r"\|", " bar "),
    ("~", " tilde "),
    (r"\^", " caret "),
    (r"\$", " dollar "),
]
TAG_REGEX_SUBSTITUTIONS = SYMBOL_WORDS + pelican_defaults["SLUG_REGEX_SUBSTITUTIONS"]
AUTHOR_REGEX_SUBSTITUTIONS = SYMBOL_WORDS + pelican_defaults["SLUG_REGEX_SUBSTITUTIONS"]

# Which folders Pelican reads as dated articles and which as pages
# (the content model sets each file's kind from its folder).
ARTICLE_PATHS = ["blog", "regional-updates", "publications"]
PAGE_PATHS = ["pages", "events"]
STATIC_PATHS = ["files", "images"]  # copied to the site as they are, when STATIC_FILE_TYPES allows them
USE_FOLDER_AS_CATEGORY = False  # categories come from Category: only
# Hidden files (.DS_Store, .gitkeep, .htaccess) are never read or published. Pelican's own
# default, "**/.*", is matched against file names alone, so it matches none of them.
IGNORE_FILES = [".*"]

# No translations (the content model refuses Lang): Pelican's translation pass is
# skipped, and items are ordered by slug before ARTICLE_ORDER_BY (content_model/ordering.py).
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

# --- Files published as they are (plugins/content_model/files.py) -------------------
# The types of file under STATIC_PATHS the site publishes, by extension (lower-case, no dot).
# Any other file there stops the build, naming it. Whatever this list says, types that could
# run script or reconfigure the web server at the site's address are refused (web pages, XML,
# scripts, style sheets, server programs, macro documents, _headers, .htaccess...: files.py's
# ACTIVE_TYPES and HOST_FILES), and a file's content must be what its name says.
STATIC_FILE_TYPES = [
    # documents
    "pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv", "ppt", "pptx", "odp", "epub",
    # pictures; an SVG only when it is a still drawing (no script, link, animation or outside file)
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg",
    # data: JSON (which must be valid JSON) and calendars
    "json", "ics",
]  # fmt: skip
# An SVG or JSON file is read whole to check it; a larger one is refused (a drawing this big is
# better as PNG, data as CSV). Reading is linear in the size, so this bounds the check's time.
STATIC_CHECK_MAX_BYTES = 2_000_000

# --- How big a text may be (plugins/content_model/limits.py) ----------------------
# Reading a text takes time in proportion to its size only within these limits; a file over
# any of them is refused by name before Markdown reads it.
TEXT_MAX_BYTES = 300_000  # a content file's size: about 45,000 words (the longest of 10,000 real talks: 15 KB)
PARAGRAPH_MAX_CHARACTERS = 30_000  # a paragraph, list or table: text with no blank line in it (real: 6,000)
NESTING_MAX_DEPTH = 16  # lists and quotes, brackets in a paragraph, HTML elements, '<' left open

# --- What `invoke check` allows in a post's text (sitebuild/check.py) -----------
IMAGE_MAX_BYTES = 500_000  # an image file larger than this is reported (0: no limit)
# Hosts whose pages may be embedded with <iframe> (a host also allows its subdomains).
# Empty: no embeds, as the site loads nothing from other hosts. To allow YouTube's
# privacy-enhanced player, add "www.youtube-nocookie.com" here: the
# Content-Security-Policy's frame-src is made from this list (plugins/assets).
IFRAME_HOSTS = []

# --- Plugins ------------------------------------------------------------------
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "content_model",
    "listings",
    "related",
    "search",
    "assets",
]

SEARCH_INDEX = True  # Pagefind indexes every build (plugins/search)
# The most pages one Pagefind process indexes: Pagefind holds them all in memory (about 90 MB
# per 1,000 articles). A site with more is indexed in groups, two at a time, one bundle each
# (pagefind/, pagefind-2/, ...), which the search page merges; smaller sites keep their one bundle.
# 500 here: after an edit, development builds index again only the bundle of the changed page
# (below), 500 pages rather than 2,000 (0.9 s rather than 2.4 s at 10,000 articles). Production
# (publishconf.py) has bundles of 2,000: fewer for a reader's search to fetch.
SEARCH_PAGES_PER_INDEX = 500
# A bundle whose pages Pagefind would read the same as last build's is copied from the cache
# (CACHE_PATH/search/) instead of indexed again: after one post is edited, one bundle is redone.
# Off in production (publishconf.py), which always indexes afresh.
SEARCH_REUSE_BUNDLES = True

# --- Theme files and security headers (plugins/assets) ---------------------------
# Every theme file is published under a content-hashed name (theme/css/site.3f2a9c1b.css);
# templates name one with the `asset` filter: {{ 'css/site.css'|asset }}. Every page's
# <head> carries the Content-Security-Policy (only the site's own scripts and styles,
# frames from IFRAME_HOSTS), made in plugins/assets/headers.py.
# The scripts a page may run, and no others: a second policy names each by its path, so a
# script committed anywhere else on the site (content/files/x.js...) never runs. Every
# JavaScript file of the theme is allowed under its hashed name, and these, as paths below
# the site root (SITEURL's path). Pagefind's, which the search page loads while SEARCH_INDEX
# is on: pagefind.js starts pagefind-worker.js; bundles pagefind-2/... are only fetched as data.
SEARCH_SCRIPTS = ["pagefind/pagefind.js", "pagefind/pagefind-worker.js"]
EXTRA_SCRIPTS = []  # none; the preview's builds (invoke serve) allow its live reload, __preview/live.js
HEADERS_SAVE_AS = ""  # the CDN's _headers file (Netlify, Cloudflare Pages); empty: none (production: "_headers")
REFERRER_POLICY = "strict-origin-when-cross-origin"  # other sites see where a reader came from, not the page
# Browser features no page may use (Permissions-Policy: camera=(), ...), nor anything it embeds.
PERMISSIONS_POLICY_DENY = [
    "accelerometer",
    "browsing-topics",
    "camera",
    "geolocation",
    "gyroscope",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]

# --- The browser editor at /admin/ (plugins/editor; README, "Editing in the browser") ---
# Decap CMS, from node_modules/, with a configuration made from the content model. Off in
# `invoke build` while EDITOR_BACKEND is empty; `invoke serve` always has it, on the working
# folder. To publish it, a maintainer sets the repository's host here or in publishconf.py,
# e.g. {"name": "github", "repo": "association/site", "branch": "main", "base_url": ...}.
EDITOR_BACKEND = {}
EDITOR_SAVE_AS = "admin/index.html"  # its page; "admin" is then no page's slug
EDITOR_CONTENT_PATH = "content"  # the content folder's path in the repository
EDITOR_WORKFLOW = True  # changes go through review (draft, in review, ready) as pull requests
EDITOR_PREVIEW_SOURCE = ""  # set by `invoke serve`: where it shows a content file's page, for the editor

# --- Related articles (plugins/related) ------------------------------------------
# Each RELATED_<NAME> setting overrides one field of plugins/related/index.py's
# Config, where every field has its meaning and default: RELATED_MAX,
# RELATED_TAG_WEIGHT, RELATED_TEXT_WEIGHT, RELATED_CATEGORY_WEIGHT,
# RELATED_REGION_WEIGHT, RELATED_AUTHOR_WEIGHT, RELATED_MAX_TERMS...
RELATED_MAX = 5  # articles in each related list, an editor's Related: picks included
RELATED_HEADINGS = {"blog": "Related blog articles", "regional-updates": "Related articles"}

# --- Listings and the home page (plugins/listings) -----------------------------
FEATURED_SERIES = "President's blog"  # the home page features this series' newest post
HOME_LATEST_COUNT = 5  # items in each "latest" list on the home page
DEFAULT_PAGINATION = 20  # items per page in every listing
PAGINATED_TEMPLATES = {
    "category": None,
    "tag": None,
    "author": None,
    "section": None,
    "region": None,
    "series": None,
}
# Page 1 at the listing's own address, then <listing>/page/N/ (never tag/python3.html).
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Addresses: clean, stable, one folder per page -----------------------------
ARTICLE_URL = "{kind}/{slug}/"  # kind is the folder: blog, regional-updates, publications
ARTICLE_SAVE_AS = "{kind}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
EVENT_URL = "events/{slug}/"
EVENT_SAVE_AS = "events/{slug}/index.html"
# Drafts are previewed at the address they will have; production writes none.
DRAFT_URL = ARTICLE_URL
DRAFT_SAVE_AS = ARTICLE_SAVE_AS
DRAFT_PAGE_URL = PAGE_URL
DRAFT_PAGE_SAVE_AS = PAGE_SAVE_AS
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "category/"
CATEGORIES_SAVE_AS = "category/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = "tag/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
AUTHORS_URL = "author/"
AUTHORS_SAVE_AS = "author/index.html"
REGION_URL = "region/{slug}/"
REGION_SAVE_AS = "region/{slug}/index.html"
REGIONS_INDEX_URL = "region/"
REGIONS_INDEX_SAVE_AS = "region/index.html"
SERIES_URL = "series/{slug}/"
SERIES_SAVE_AS = "series/{slug}/index.html"
SECTION_URL = "{slug}/"  # all items of a kind: /blog/, /regional-updates/, /publications/
SECTION_SAVE_AS = "{slug}/index.html"
EVENTS_URL = "events/"
EVENTS_SAVE_AS = "events/index.html"
# iCalendar files (sitebuild/pages/feeds.py, with plugins/events_calendar/ics.py); an empty value writes none.
EVENTS_CALENDAR_SAVE_AS = "events/events.ics"  # every published event, to subscribe to or import
EVENT_CALENDAR_SAVE_AS = "events/{slug}/event.ics"  # one event, the event page's "Add to calendar" link
# A publication's citation for reference managers, linked from its page; an empty value writes none.
PUBLICATION_BIBTEX_SAVE_AS = "publications/{slug}/citation.bib"
PUBLICATION_RIS_SAVE_AS = "publications/{slug}/citation.ris"
ARCHIVES_URL = "archive/"
ARCHIVES_SAVE_AS = "archive/index.html"
YEAR_ARCHIVE_URL = "archive/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archive/{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search", "404"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
THEME_STATIC_DIR = "theme"

# --- Templates ------------------------------------------------------------------
# Every value a template prints is HTML-escaped (Pelican's own default is not to), so a
# title, tag or name holding "<script>" is shown as written. Templates mark `|safe` only
# the HTML the site makes: each item's text (content), its title (escaped when read,
# then typography's markup) and its JSON-LD (plugins/structured_data). Pelican's other defaults kept.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}

# --- Typography and Markdown ----------------------------------------------------
# Curly quotes, proper dashes and ellipses (typogrify's filters) in titles, summaries and
# text. The content model applies them when a file is read, so the content cache keeps
# the result; Pelican's own pass (TYPOGRIFY) would redo them on every build.
TYPOGRAPHY = True
TYPOGRIFY = False
# Only smartypants runs. widont joins a title's last two words with a non-breaking space,
# which pushes long headings off a phone's screen; amp, caps and initial_quotes wrap
# ampersands, capitals and opening quotes in <span>s the theme does not style, at a
# fifth of the cost of reading a file.
TYPOGRIFY_OMIT_FILTERS = ["widont", "amp", "caps", "initial_quotes"]
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# --- Feeds: none while developing (publishconf.py turns them on) ----------------
# Atom only (sitebuild/pages/feeds.py): Pelican's RSS and per-language feeds stay off.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
REGION_FEED_ATOM = None  # one feed per region (production: feeds/region/{slug}.atom.xml)

# --- Sitemap and robots (sitebuild/pages/feeds.py, by plugins/sitemap's rules) ---
# /sitemap.xml lists every published page the build wrote, with its last-modified
# date; /robots.txt points to it. Both need absolute addresses, so they are written
# only when SITEURL is absolute (production); development builds write neither.
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"  # empty: write none (a robots.txt shipped as a static file is kept)
SITEMAP_EXCLUDE = ["404.html"]  # saved paths (glob patterns) never listed; drafts and hidden items never are

# --- Pictures shown where a page is shared (plugins/sharing, sitebuild/pages/sharing.py) ---
# Each post, update, event, publication and page gets its og:image: its title under the
# site's name on the header's colours (the theme's style sheet), 1200 x 630, beside its page
# (blog/2026/a-post/index.png). Other pages show the site's own picture. Like the sitemap,
# only production builds (SITEURL absolute) draw them.
SHARING_IMAGES = True
SHARING_IMAGE_SAVE_AS = "sharing.png"  # the site's own picture; empty: other pages show none

# --- Redirects from old addresses (plugins/redirects, docs/redirects.md) ----------
# Under content/: one row per old address, `old,new` (CSV with that header). `invoke import`
# writes it; maintainers may add rows. No file: no redirects. Each build checks every row and
# publishes them, for every host: `_redirects` (Netlify, Cloudflare Pages), an nginx map, and
# a redirect page at each old address without a file type (or ending in .html).
REDIRECTS_FILE = "data/redirects.csv"
REDIRECTS_SAVE_AS = "_redirects"  # empty: write none
REDIRECTS_NGINX_SAVE_AS = "redirects.nginx.map"  # `include` it in an nginx map block; empty: write none
# False: no redirect pages, for a host that reads _redirects and would serve a page at an old
# address rather than redirect from it (Netlify, unless a rule ends in 301!).
REDIRECT_PAGES = True

# --- Speed while developing -----------------------------------------------------
# The content model keeps each unchanged file's content object between development builds
# (plugins/content_model/object_cache.py), keyed by the file's bytes and by everything else
# reading depends on (the settings, the plugins' code, the reading libraries' versions), and
# checks its front matter again on every build. Pelican's own reader cache, keyed by the file
# alone, is not used: it kept a page's old HTML after a Markdown setting changed.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "generator"  # the layer object_cache.py takes the place of
CACHE_PATH = "cache"
# A cached file is reused only while its bytes are the same (not its modification time: cp -p,
# rsync -t and tar give an edited file its old time, and the cache would show the old text).
CHECK_MODIFIED_METHOD = "sha256"
# Worker processes converting Markdown while Pelican reads (plugins/content_model/prefetch.py):
# 0 means one per core when 64 files or more need converting; 1 converts in the build's own
# process. The output is the same either way.
READING_PROCESSES = 0
# Processes rendering the pages (sitebuild/pages/render.py): 0 means one per core; 1 renders
# them all in the build's own process. The output is the same either way.
WRITING_PROCESSES = 0
# A page whose model, site chrome and theme are what they were when the live site's file was
# written is not rendered again: the file is hard-linked (sitebuild/pages/render.py).
# Off in production (publishconf.py), which renders every page afresh.
REUSE_UNCHANGED_PAGES = True
REUSE_PAGES_FROM = ""  # the live output folder; sitebuild sets it for each build (empty: no reuse)

# --- Importing the old site's archive (`invoke import`, sitebuild/importer) ------------
# The old site's category labels and section names (ignoring case, spaces or hyphens alike)
# and the category of CATEGORIES each becomes. A label is looked up first, then the section
# of the old address (/<section>/article/<slug>); if neither is here, the item gets
# IMPORT_DEFAULT_CATEGORY and the import's report lists it as guessed.
IMPORT_CATEGORIES = {
    "leadership": "Leadership",
    "workforce": "Leadership",
    "education": "Education",
    "send": "Education",
    "inspection": "Inspection & Improvement",
    "inspection and improvement": "Inspection & Improvement",
    "improvement": "Inspection & Improvement",
    "general subject": "General",
    "general": "General",
}
IMPORT_DEFAULT_CATEGORY = "General"
# How the old site names regions in titles such as "NW Region February 2016 Update" (any case);
# the full names in REGIONS are known without being listed here.
IMPORT_REGIONS = {
    "NE": "North East",
    "NW": "North West",
    "YH": "Yorkshire and Humber",
    "Y&H": "Yorkshire and Humber",
    "Yorkshire & Humber": "Yorkshire and Humber",
    "EM": "East Midlands",
    "WM": "West Midlands",
    "EE": "East of England",
    "EoE": "East of England",
    "Eastern": "East of England",
    "L": "London",
    "SE": "South East",
    "SW": "South West",
}
IMPORT_EVENT_SECTIONS = ["events", "event", "conferences"]  # old sections whose articles are events
# A publication's type from a word of its title (any case), first match wins; else the default,
# listed in the report as guessed.
IMPORT_PUBLICATION_TYPES = {
    "consultation": "Consultation response",
    "response": "Consultation response",
    "briefing": "Briefing",
    "policy": "Policy paper",
    "position paper": "Policy paper",
    "chapter": "Book chapter",
}
IMPORT_DEFAULT_PUBLICATION_TYPE = "Report"
# An article that links one of these types of file (in its text) is a publication, the first such
# file its File.
IMPORT_PUBLICATION_FILE_TYPES = ["pdf", "xls", "xlsx", "ods", "csv"]
# Where each old listing goes: an old section's listing and its pages (/blog, /blog/P50) redirect
# to the listing named here, else to the category listing of the section's category (above),
# else to /blog/.
IMPORT_LISTINGS = {"blog": "/blog/", "events": "/events/", "publications": "/publications/"}
IMPORT_MAX_PAGE_BYTES = 2_000_000  # a saved page larger than this is reported and skipped
IMPORT_REPORT = "import-report.json"  # the last run's report, in the project folder (not in git)
IMPORT_MANIFEST = "data/imported.json"  # under content/: what the import wrote, to spot later edits
