"""Each published post, update and event's JSON-LD, made by the page-model builder
(sitebuild/pages/build.py) as it makes the item's page, from the item alone.

The JSON is made when its page is made, not kept for every item from the start:
at 10,000 articles the kept texts came to about 20 MB of the build's peak memory.
"""

from __future__ import annotations

from content_model.kinds import KINDS  # structured_data needs the content_model plugin

from .schema import as_script_text, blog_posting, breadcrumbs, event

POSTS = ("blog", "regional-updates")


def json_ld(item, settings) -> str:
    """The JSON-LD of `item`'s page, or "" for an item that has none.

    Published posts and updates, and published or hidden events, have one; drafts
    and other kinds none.
    """
    kind, status = getattr(item, "kind", None), item.status
    if not (
        (kind in POSTS and status == "published") or (kind == "events" and status in ("published", "hidden"))
    ):
        return ""
    site = settings["SITEURL"] if not settings["RELATIVE_URLS"] else ""
    return describe(item, kind, site, settings["SITENAME"])


def describe(item, kind: str, site: str, sitename: str) -> str:
    address = f"{site}/{item.url}"
    trail = [("Home", f"{site}/"), (KINDS[kind].plural, f"{site}/{kind}/"), (item.plain_title, address)]
    if kind == "events":
        main = event(
            title=item.plain_title,
            address=address,
            start=item.start,
            end=getattr(item, "end", None),
            location=getattr(item, "location", "") or "",
            booking=getattr(item, "booking", "") or "",
            organiser=sitename,
            description=item.excerpt,
        )
    else:
        main = blog_posting(
            title=item.plain_title,
            address=address,
            published=item.date,
            modified=getattr(item, "modified", None),
            authors=[author.name for author in item.authors],
            publisher=sitename,
            description=item.excerpt,
            section=item.category.name,
            keywords=[tag.name for tag in getattr(item, "tags", [])],
        )
    return as_script_text(main, breadcrumbs(trail))
