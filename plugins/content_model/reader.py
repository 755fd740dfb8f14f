"""Pelican's Markdown reader, keeping where each front-matter field is written.

The differences from the reader it extends:

- the front matter is kept with its line numbers (so problems can name the line);
- a value Pelican cannot process (a date it cannot read, say) is dropped instead
  of aborting the file, so validation sees the file and reports the problem with
  everything else;
- a file that is empty, binary, not UTF-8 or holds control characters (which no
  feed can carry) is not converted: its front matter says why, and validation
  reports it (a byte-order mark and Windows line endings are simply read past);
- the title is plain text: it is escaped into HTML here, before Pelican's
  typography turns quotes into curly ones, so `<script>` in a title is shown as
  written and never run;
- the file's text is kept for the build's check of an empty text, only when it is empty;
- typography is applied when the file is read (conversion.py), so the content
  cache keeps it, and the conversion may come from a worker process (prefetch.py).
"""

from __future__ import annotations

import html
from types import SimpleNamespace

from markdown import Markdown
from pelican.readers import MarkdownReader

from . import prefetch
from .conversion import convert, typography

_UNREADABLE = object()
LIST_FIELDS = ("tags", "authors")  # Pelican splits these itself; a list is fine
# All Pelican's _parse_metadata does with its converter when no field is Markdown.
NO_MARKDOWN_FIELDS = SimpleNamespace(preprocessors=SimpleNamespace(deregister=lambda name: None))


class ContentReader(MarkdownReader):
    def read(self, source_path):
        self._source_path = source_path
        conversion = prefetch.take(source_path) or convert(source_path, self.settings)
        if conversion.front_matter.unreadable:
            return "", {"front_matter": conversion.front_matter}
        self._md = self.front_matter_markdown(conversion.meta)
        metadata = self._parse_metadata(conversion.meta)
        metadata = {key: value for key, value in metadata.items() if value is not _UNREADABLE}
        for name in ("title", "summary"):
            if name in metadata:
                metadata[name] = typography(metadata[name], self.settings)
        metadata["front_matter"] = conversion.front_matter
        return conversion.content, metadata

    def front_matter_markdown(self, meta: dict):
        """What Pelican's _parse_metadata converts Markdown fields (Summary) with.

        It takes the meta step out of the converter it is given, so it needs a fresh
        one (about 2 ms to make); most files have no Markdown field and get a stand-in.
        """
        formatted = {name.lower() for name in self.settings["FORMATTED_FIELDS"]}
        if formatted.intersection(name.lower() for name in meta):
            return Markdown(**self.settings["MARKDOWN"])
        return NO_MARKDOWN_FIELDS

    def process_metadata(self, name, value):
        if isinstance(value, list) and name not in LIST_FIELDS:
            value = " ".join(value)  # continuation lines (or a key given twice, which is reported)
        if name == "title":
            value = html.escape(value, quote=False)
        try:
            return super().process_metadata(name, value)
        except (ValueError, TypeError, OverflowError):
            return _UNREADABLE
