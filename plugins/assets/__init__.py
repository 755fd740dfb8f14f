"""Assets and security headers: hashed theme files, the Content-Security-Policy, `_headers`.

Every theme file is published under a content-hashed name (`theme_manifest`, which
the page models take: `site.asset('css/site.css')`); at the end of the build the
copies are renamed to match. Every page's <head> carries the site's two policies
(`site_policies`: the site's own, and the one naming every script a page may run);
production builds also write them, with the other security and cache headers, to
a `_headers` file for the CDN.

Settings it reads (defaults in pelicanconf.py): THEME_STATIC_DIR, THEME_STATIC_PATHS,
IFRAME_HOSTS, SITEURL, SEARCH_SCRIPTS, EXTRA_SCRIPTS, HEADERS_SAVE_AS, REFERRER_POLICY,
PERMISSIONS_POLICY_DENY, SEARCH_INDEX;
PRECOMPRESS_BROTLI_QUALITY (publishconf.py) for pelican-precompress's .br copies, which
compression.py also hands out to the worker processes in chunks of files.
"""

from pelican import signals

from .compression import use_brotli_quality_and_chunks
from .hooks import publish_assets


def register():
    signals.initialized.connect(use_brotli_quality_and_chunks)
    signals.finalized.connect(publish_assets)
