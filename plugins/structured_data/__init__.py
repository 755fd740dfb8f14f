"""schema.org JSON-LD for search engines: BlogPosting for posts and updates, Event for
events, and a BreadcrumbList for each (hooks.json_ld). Needs the content_model plugin's kinds.

Not a Pelican plugin: plain functions the page-model builder (sitebuild/pages/build.py) calls.
"""
