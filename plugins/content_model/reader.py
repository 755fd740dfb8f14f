"""Pelican's Markdown reader, keeping where each front-matter field is written.

The differences from the reader it extends:

- the front matter is kept with its line numbers (so problems can name the line);
- a value Pelican cannot process (a date it cannot read, say) is dropped instead
  of aborting the file, so validation sees the file and reports the problem with
  everything else;
- a file that is empty, binary or not UTF-8 is not converted: its front matter
  says why, and validation reports it (a byte-order mark and Windows line endings
  are simply read past);
- the title is plain text: it is escaped into HTML here, before Pelican's
  typography turns quotes into curly ones, so `<script>` in a title is shown as
  written and never run;
- the file's text is kept for the checks the build runs on it (unsafe HTML, an
  empty text), but only when they may find something, which is rare.
"""

from __future__ import annotations

import codecs
import html

from markdown import Markdown
from pelican.readers import MarkdownReader

from .front_matter import FrontMatter, Unreadable, parse_front_matter
from .markup_checks import may_be_unsafe

_UNREADABLE = object()
LIST_FIELDS = ("tags", "authors")  # Pelican splits these itself; a list is fine
SAVE_AS_UTF8 = "Save it as UTF-8 text (in most editors: Save As, then choose the UTF-8 encoding)."


class ContentReader(MarkdownReader):
    def read(self, source_path):
        self._source_path = source_path
        text, unreadable = read_text(source_path)
        if unreadable:
            return "", {"front_matter": FrontMatter(unreadable=unreadable, path=source_path)}
        front_matter = parse_front_matter(text)
        front_matter.path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        content = self._md.convert(text)
        if not content.strip() or may_be_unsafe(content):
            front_matter.source = text
        metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
        metadata = {key: value for key, value in metadata.items() if value is not _UNREADABLE}
        metadata["front_matter"] = front_matter
        return content, metadata

    def process_metadata(self, name, value):
        if isinstance(value, list) and name not in LIST_FIELDS:
            value = " ".join(value)  # continuation lines (or a key given twice, which is reported)
        if name == "title":
            value = html.escape(value, quote=False)
        try:
            return super().process_metadata(name, value)
        except (ValueError, TypeError, OverflowError):
            return _UNREADABLE


def read_text(path: str) -> tuple[str, Unreadable | None]:
    """A file's text with Windows line endings and a byte-order mark read past, or why it is no post."""
    with open(path, "rb") as file:
        data = file.read()
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
    return text, None
