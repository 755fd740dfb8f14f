"""Redirects: every old address of the site in one data file (REDIRECTS_FILE, content/data/redirects.csv,
which `invoke import` writes and maintainers may add to), published as `_redirects` (Netlify,
Cloudflare Pages), an nginx map and a small redirect page at each old address.

redirects.py holds the rules and writes the files, as plain functions (no Pelican). It is not
a Pelican plugin: the content model's site-wide check reads the file (plugins/content_model/hooks.py),
the page-model builder makes the files and pages (sitebuild/pages/redirects.py) and the one
writer writes them (sitebuild/pages/render.py). docs/redirects.md is the maintainers' guide.

Settings (defaults in pelicanconf.py): REDIRECTS_FILE, REDIRECTS_SAVE_AS, REDIRECTS_NGINX_SAVE_AS,
REDIRECT_PAGES, SITEURL.
"""
