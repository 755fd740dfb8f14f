"""schema.org descriptions (JSON-LD) of posts, updates, events and their breadcrumbs, as plain data."""

from __future__ import annotations

import json
from datetime import datetime

ONLINE = ("online", "virtual", "webinar")


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList from (name, absolute address) pairs, home first."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": address}
            for number, (name, address) in enumerate(trail, start=1)
        ],
    }


def blog_posting(
    *,
    title: str,
    address: str,
    published: datetime,
    modified: datetime | None,
    authors: list[str],
    publisher: str,
    description: str,
    section: str,
    keywords: list[str],
) -> dict:
    return {
        "@type": "BlogPosting",
        "headline": title,
        "url": address,
        "mainEntityOfPage": address,
        "datePublished": published.isoformat(),
        "dateModified": (modified or published).isoformat(),
        "author": [{"@type": "Person", "name": name} for name in authors],
        "publisher": {"@type": "Organization", "name": publisher},
        "description": description,
        "articleSection": section,
        "keywords": keywords,
        "inLanguage": "en-GB",
    }


def event(
    *,
    title: str,
    address: str,
    start: datetime,
    end: datetime | None,
    location: str,
    booking: str,
    organiser: str,
    description: str,
) -> dict:
    online = location.strip().lower().startswith(ONLINE)
    described = {
        "@type": "Event",
        "name": title,
        "url": address,
        "startDate": start.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "organizer": {"@type": "Organization", "name": organiser},
        "description": description,
    }
    if end:
        described["endDate"] = end.isoformat()
    if location:
        described["location"] = (
            {"@type": "VirtualLocation", "url": booking or address}
            if online
            else {"@type": "Place", "name": location, "address": location}
        )
    if booking:
        described["offers"] = {"@type": "Offer", "url": booking}
    return described


# JSON's own escapes for the characters HTML gives a meaning inside <script>: a value
# holding "</script>" or "<!--" cannot end the element or change how it is read.
# (Three replace() calls: str.translate with a table this small is ~50 times slower.)
SCRIPT_SAFE = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"))


def as_script_text(*things: dict) -> str:
    """JSON for a <script type="application/ld+json"> element, with nothing HTML could read as markup."""
    graph = {"@context": "https://schema.org", "@graph": list(things)}
    text = json.dumps(graph, ensure_ascii=False, sort_keys=True)
    for character, escape in SCRIPT_SAFE:
        text = text.replace(character, escape)
    return text
