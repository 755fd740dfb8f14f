"""Turning one Markdown file into HTML: the costly part of reading, done once per file.

`convert` is a plain function of a path and a few settings, so it can run in
another process (see prefetch.py) and its result can be cached. Typography is
applied here, not by Pelican: Pelican's own pass (TYPOGRIFY) runs after its
content cache, on every build, and cost about a third of a warm build.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field

import smartypants
from markdown import Markdown
from typogrify.filters import typogrify

from .front_matter import FrontMatter, Unreadable, parse_front_matter
from .limits import nesting_problem, size_problem

# Characters XML 1.0 forbids (tab and newline are fine): no feed could hold them. (DEL, C1
# and direction controls are refused in front-matter values: rules.py.)
NOT_IN_XML = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SAVE_AS_UTF8 = "Save it as UTF-8 text (in most editors: Save As, then choose the UTF-8 encoding)."
# The settings a conversion depends on (all picklable, so a worker process can have them).
CONVERSION_SETTINGS = (
    "MARKDOWN",
    "TYPOGRAPHY",
    "TYPOGRIFY_IGNORE_TAGS",
    "TYPOGRIFY_OMIT_FILTERS",
    "TYPOGRIFY_DASHES",
    "TEXT_MAX_BYTES",
    "NESTING_MAX_DEPTH",
    "PARAGRAPH_MAX_CHARACTERS",
)


@dataclass
class Conversion:
    front_matter: FrontMatter
    content: str = ""  # the text as HTML, typography applied
    meta: dict[str, list[str]] = field(default_factory=dict)  # Markdown's Meta: the raw front matter


def conversion_settings(settings: dict) -> dict:
    return {name: settings.get(name) for name in CONVERSION_SETTINGS}


def convert(path: str, settings: dict) -> Conversion:
    """The file at `path` as HTML with its raw front matter, or with front matter saying why it is unreadable.

    A file too big or too deep to read in time proportional to its size is refused first (limits.py).
    """
    text, unreadable = read_text(path, settings.get("TEXT_MAX_BYTES") or 0)
    if not unreadable:
        depth = settings.get("NESTING_MAX_DEPTH") or 0
        too_deep = nesting_problem(text, depth, settings.get("PARAGRAPH_MAX_CHARACTERS") or 0)
        unreadable = Unreadable(too_deep.message, too_deep.fix, too_deep.line) if too_deep else None
    if unreadable:
        return Conversion(FrontMatter(unreadable=unreadable, path=path))
    front_matter = parse_front_matter(text)
    front_matter.path = path
    markdown = markdown_for(settings["MARKDOWN"])
    content = markdown.convert(text)
    if not content.strip():
        front_matter.source = text  # kept for the build's check of an empty text
    return Conversion(front_matter, typography(content, settings), getattr(markdown, "Meta", {}))


def markdown_for(options: dict) -> Markdown:
    """A Markdown converter with `options`, reset for a new document.

    Making one loads every extension (about 2 ms, so 20 s over 10,000 files); Markdown's
    reset() is how its authors intend one converter to serve many documents.
    """
    key = repr(options)
    if key not in _converters:
        _converters[key] = Markdown(**options)
    return _converters[key].reset()


_converters: dict[str, Markdown] = {}


DASHES = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}


def typography(html: str, settings: dict) -> str:
    """Curly quotes, proper dashes and ellipses (typogrify's filters, less TYPOGRIFY_OMIT_FILTERS)."""
    if not settings.get("TYPOGRAPHY") or not html:
        return html
    smartypants.Attr.default = DASHES.get(settings.get("TYPOGRIFY_DASHES"), smartypants.Attr.set1)
    smartypants.Attr.default |= smartypants.Attr.w  # &quot; entities become curly quotes too
    omitted = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS") or [], False)
    return typogrify(html, settings.get("TYPOGRIFY_IGNORE_TAGS") or [], **omitted)


def read_text(path: str, max_bytes: int = 0) -> tuple[str, Unreadable | None]:
    """A file's text with Windows line endings and a byte-order mark read past, or why it is no post.

    With `max_bytes`, a larger file is refused after reading only that much of it.
    """
    with open(path, "rb") as file:
        data = file.read(max_bytes + 1) if max_bytes else file.read()
        if max_bytes and len(data) > max_bytes:
            too_big = size_problem(os.fstat(file.fileno()).st_size, max_bytes)
            return "", Unreadable(too_big.message, too_big.fix)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "", Unreadable(
            "This file is saved as UTF-16 text, not UTF-8, so it cannot be read.", SAVE_AS_UTF8
        )
    if b"\0" in data:
        return "", Unreadable(
            "This file is not text: it holds binary data (an image or a document saved with a .md name?).",
            "Save a post as plain UTF-8 text; put images under content/images/ "
            "and documents under content/files/.",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        return "", Unreadable(
            f"This file is not UTF-8 text (line {line} has the byte 0x{byte:02X}), so it cannot be read.",
            SAVE_AS_UTF8,
            line,
        )
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return "", Unreadable(
            "This file is empty.",
            "Write the front matter and the text (the writing guide shows how), or delete the file.",
        )
    control = NOT_IN_XML.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        return "", Unreadable(
            f"Line {line} holds an invisible control character (U+{ord(control[0]):04X}), "
            "which feeds cannot carry.",
            "Delete it: retype that line, or paste the text again as plain text.",
            line,
        )
    return text, None
