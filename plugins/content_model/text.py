"""Plain text from HTML, and the short excerpt every listing and related list shows."""

from __future__ import annotations

import html
import re

TAG = re.compile(r"<[^>]*(?:>|$)")  # a tag, or the start of one cut off at the end
SPACE = re.compile(r"\s+")
INLINE = "a|abbr|b|cite|code|em|i|kbd|mark|q|s|small|span|strong|sub|sup|time|u"
INLINE_TAG = re.compile(rf"</?(?:{INLINE})(?:\s[^>]*)?>", re.IGNORECASE)
HEADING_END = re.compile(r"</h[1-6]\s*>", re.IGNORECASE)
# Where a heading ended: no text holds it (the content model refuses control characters).
HEADING_MARK = "\x00"
OWN_PUNCTUATION = re.compile(f"([.!?:;…]) {HEADING_MARK}")  # the end of a heading that has its own


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


def prose_text(markup: str) -> str:
    """Like plain_text, but a heading ends with a full stop, so that it does not run into the text
    after it ("What comes next. More peer challenge", not "What comes next More peer challenge");
    a heading that ends with its own punctuation ("Why now?") keeps it. Inline elements join the
    text around them ("<em>now</em>?" is "now?", not "now ?")."""
    text = plain_text(HEADING_END.sub(f" {HEADING_MARK} ", INLINE_TAG.sub("", markup)))
    text = OWN_PUNCTUATION.sub(r"\1", text)  # "Why now? <mark>" -> "Why now?"
    return text.replace(f" {HEADING_MARK}", ".").replace(HEADING_MARK, "").strip()


def excerpt_of(summary: str, body: str, limit: int) -> str:
    """The summary, or else the start of the body, both HTML, as plain text of about `limit` characters."""
    source = summary or body or ""
    enough = limit * 4  # usually enough markup for `limit` characters of text
    text = prose_text(source[:enough])
    if len(text) < limit and len(source) > enough:
        text = prose_text(source)
    return excerpt(text, limit)
