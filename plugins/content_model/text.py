"""Plain text from HTML, and the short excerpt every listing and related list shows."""

from __future__ import annotations

import html
import re

TAG = re.compile(r"<[^>]*(?:>|$)")  # a tag, or the start of one cut off at the end
SPACE = re.compile(r"\s+")


def without_tags(markup: str) -> str:
    """HTML with its tags blanked out: enough for counting words, and fast."""
    return TAG.sub(" ", markup)


def plain_text(markup: str) -> str:
    """Text of an HTML fragment: tags removed, entities decoded, spaces collapsed."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", markup))).strip()


def excerpt(text: str, limit: int = 160) -> str:
    """At most about `limit` characters of `text`, cut at a word boundary, with '…' when cut."""
    if len(text) <= limit:
        return text.strip()
    text = SPACE.sub(" ", text[: limit * 2]).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.–—-") + "…"


def excerpt_of(summary: str, body: str, limit: int) -> str:
    """The summary, or else the start of the body, both HTML, as plain text of about `limit` characters."""
    source = summary or body or ""
    enough = limit * 4  # usually enough markup for `limit` characters of text
    text = plain_text(source[:enough])
    if len(text) < limit and len(source) > enough:
        text = plain_text(source)
    return excerpt(text, limit)
