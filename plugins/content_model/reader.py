"""Pelican's Markdown reader, keeping where each front-matter field is written.

Two differences from the reader it extends: the front matter is kept with its
line numbers (so problems can name the line), and a value Pelican cannot
process (a date it cannot read, say) is dropped instead of aborting the file,
so validation sees the file and reports the problem with everything else.
"""

from __future__ import annotations

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .front_matter import FrontMatter, parse_front_matter

_UNREADABLE = object()


class ContentReader(MarkdownReader):
    def read(self, source_path):
        self._source_path = source_path
        try:
            with pelican_open(source_path) as text:
                front_matter = parse_front_matter(text)
        except UnicodeDecodeError:
            problem = "This file is not UTF-8 text, so it cannot be read."
            return "", {"front_matter": FrontMatter(read_error=problem, path=source_path)}
        front_matter.path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        content = self._md.convert(text)
        metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
        metadata = {key: value for key, value in metadata.items() if value is not _UNREADABLE}
        metadata["front_matter"] = front_matter
        return content, metadata

    def process_metadata(self, name, value):
        try:
            return super().process_metadata(name, value)
        except (ValueError, TypeError, OverflowError):
            return _UNREADABLE
