"""Front matter as written: each `Key: value` line with its line number.

Python-Markdown's meta extension gives Pelican the values but not where they
are. The validator needs the line of every field to point a writer at it, so
this module reads the same header with the same patterns and keeps the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE


@dataclass(frozen=True)
class Field:
    name: str  # the key as written, e.g. "Category"
    value: str  # continuation lines joined with a space
    line: int  # 1-based line of the key


@dataclass(frozen=True)
class Unreadable:
    """Why a file cannot be read as a post (empty, binary, not UTF-8, control characters), and what to do."""

    message: str
    fix: str
    line: int = 1


@dataclass
class FrontMatter:
    fields: dict[str, Field] = field(default_factory=dict)  # by lower-case key
    repeated: list[Field] = field(default_factory=list)  # keys given twice
    unreadable: Unreadable | None = None  # set when the file could not be read as text
    path: str = ""  # the file it came from, absolute
    # The whole file as text, kept only when its text is empty (the build reports that; hooks.text_problems).
    source: str = ""
    # The line of the first `Key: value` when blank lines come before it: then the site reads no
    # front matter at all (it must start on line 1), and the checks say so rather than list every key.
    late_start: int = 0

    def get(self, key: str) -> Field | None:
        return self.fields.get(key)

    def line_of(self, key: str) -> int:
        """The line of `key`, or 1 (the top, where a missing field belongs)."""
        found = self.fields.get(key)
        return found.line if found else 1


def parse_front_matter(text: str) -> FrontMatter:
    """Read the `Key: value` header at the top of a Markdown file."""
    front_matter = FrontMatter()
    lines = text.split("\n")
    number = 0
    if lines and BEGIN_RE.match(lines[0]):
        number = 1
    current: Field | None = None
    for number, line in enumerate(lines[number:], start=number + 1):
        if line.strip() == "" or END_RE.match(line):
            if not front_matter.fields:
                front_matter.late_start = first_key_line(lines, number)
            break
        key_match = META_RE.match(line)
        if key_match:
            current = Field(key_match["key"], key_match["value"].strip(), number)
            key = current.name.lower()
            if key in front_matter.fields:
                front_matter.repeated.append(current)
            else:
                front_matter.fields[key] = current
            continue
        more = META_MORE_RE.match(line)
        if not (more and current):
            break
        joined = f"{current.value} {more['value'].strip()}".strip()
        current = Field(current.name, joined, current.line)
        key = current.name.lower()
        if front_matter.fields[key].line == current.line:
            front_matter.fields[key] = current
    return front_matter


def first_key_line(lines: list[str], blank: int) -> int:
    """The line of a `Key: value` that the blank lines from line `blank` come before, or 0."""
    for number, line in enumerate(lines[blank - 1 :], start=blank):
        if line.strip():
            return number if META_RE.match(line) else 0
    return 0
