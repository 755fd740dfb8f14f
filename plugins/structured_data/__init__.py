"""schema.org JSON-LD for search engines: BlogPosting for posts and updates, Event for
events, and a BreadcrumbList for each. Needs the content_model plugin."""

from pelican import signals

from .hooks import add_structured_data


def register():
    signals.all_generators_finalized.connect(add_structured_data)
