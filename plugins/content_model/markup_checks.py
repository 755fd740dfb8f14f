"""Checks over one content file's text: links, images, raw HTML, headings, placeholders.

They need no Pelican. Every build turns the sanitiser's findings into problems
(`sanitiser_problems`) and runs `empty_text` (through the content model, whose
problems stop the build); `invoke check` adds the others (`check_body`). Each check takes
a `Body` (the file's path, its Markdown source and the HTML that Markdown
became, after the sanitiser) and returns Problems. The HTML is what is checked, read
with a real HTML parser, so `<script>` shown in a code block is text, not a script; the
source gives each problem its line: the line where the offending snippet is
written, or else the first line of the text (never line 0).

The site-wide facts a check needs (which addresses and files the site has) come
in a `SiteMap` of plain sets and mappings.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE

from .problems import Problem, did_you_mean

# Pelican's own link syntax: {filename}post.md, {static}/images/a.png, |tag|name...
INTRASITE = re.compile(r"^[{|](?P<what>\w+)[|}](?P<value>.*)$", re.S)
FILE_LINKS = ("filename", "static", "attach")  # paths of files under content/
TAXONOMY_LINKS = ("tag", "category", "author")  # names whose listing address the site makes
PAGE_N = re.compile(r"^(?P<listing>.*/)page/\d+/$")  # page N of a listing: <listing>/page/N/
HEADING = re.compile(r"^h[1-6]$")
WORD = re.compile(r"\W+")

ALT_FIX = (
    "Describe the image in the square brackets, e.g. ![Delegates at the annual conference](...); "
    'in an HTML <img>, add alt="...".'
)
LINK_FIX = (
    "Use the address of a page {where} (copy it from the preview's address bar), "
    "or link to the post's file, e.g. [text]({{filename}}/blog/2026/my-post.md)."
)
FILE_FIX = "Correct the path: it is relative to this file's folder, or to content/ when it starts with '/'."
IMAGE_FIX = "Put the image under content/images/ and use its address, e.g. ![Description](/images/name.jpg)."


@dataclass(frozen=True)
class SiteMap:
    """What the site will have, as plain data (sitebuild/check.py makes it from a reading)."""

    addresses: frozenset[str]  # every address, from the root: "/", "/blog/a-post/", "/feeds/all.atom.xml"
    files: Mapping[str, int]  # every file under content/, relative with '/', and its size in bytes
    static: Mapping[str, str] = field(default_factory=dict)  # address of a copied file -> its path in files
    draft_addresses: frozenset[str] = frozenset()  # drafts: previewed, never published
    draft_files: frozenset[str] = frozenset()  # their paths under content/
    # Pelican's {tag}name, {category}name and {author}name: the listing's address for a name.
    taxonomy: Mapping[str, Callable[[str], str]] = field(default_factory=dict)

    def has(self, address: str) -> bool:
        """True when `address` (from the root, no query or fragment) is a page or file of the site."""
        if address in self.addresses or address in self.static:
            return True
        if address.endswith("/index.html"):
            return self.has(address[: -len("index.html")])
        if not address.endswith("/") and address + "/" in self.addresses:
            return True  # static hosts send /blog/post to /blog/post/
        page = PAGE_N.match(address)
        return bool(page and page["listing"] in self.addresses)

    def is_draft(self, address: str) -> bool:
        return address in self.draft_addresses or address + "/" in self.draft_addresses

    def suggest(self, address: str) -> str | None:
        """The address most like a mistyped one: a close name in the same folder, or a file of that name."""
        match = closest_sibling(address, self.addresses | set(self.static))
        if match:
            return match
        name = address.rstrip("/").rpartition("/")[2]
        same_name = sorted(candidate for candidate in self.static if candidate.rpartition("/")[2] == name)
        return same_name[0] if name and same_name else None

    def listing_of(self, address: str) -> str | None:
        """The nearest folder above `address` that is a page of the site (/blog/, /tag/...), if any."""
        parent = address.rstrip("/").rpartition("/")[0]
        while parent:
            if parent + "/" in self.addresses:
                return parent + "/"
            parent = parent.rpartition("/")[0]
        return None


def closest_sibling(path: str, known) -> str | None:
    """Of the `known` paths in the same folder as `path`, the one whose name is closest to its name."""
    parent, _, name = path.rstrip("/").rpartition("/")
    if not name:
        return None
    siblings = {}
    for candidate in known:
        folder, _, candidate_name = candidate.rstrip("/").rpartition("/")
        if folder == parent and candidate_name:
            siblings[candidate_name] = candidate
    match = did_you_mean(name, sorted(siblings))
    return siblings[match] if match else None


class Body:
    """One content file: its source for line numbers, its HTML for checking."""

    def __init__(
        self, path: str, source: str, html: str, folder: str = "", address: str = "/", draft: bool = False
    ) -> None:
        self.path = path  # as reported: relative to the project, e.g. content/blog/a.md
        self.source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        self.html = html or ""
        self.folder = folder  # the file's folder under content/, e.g. "blog/2026"
        self.address = address  # the page's address from the root, e.g. "/blog/a-post/"
        self.draft = draft
        self.lines = self.source.split("\n")
        self._starts = [0]
        for line in self.lines[:-1]:
            self._starts.append(self._starts[-1] + len(line) + 1)
        self.header_lines = header_length(self.lines)
        self.first_line = self._first_body_line()
        self._found: dict[tuple[str, bool], list[int]] = {}  # where each needle is, found once

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "html.parser")

    def _first_body_line(self) -> int:
        for number in range(self.header_lines + 1, len(self.lines) + 1):
            if self.lines[number - 1].strip():
                return number
        return max(1, min(self.header_lines + 1, len(self.lines)))

    @property
    def is_empty(self) -> bool:
        return not any(line.strip() for line in self.lines[self.header_lines :])

    def field_at(self, line: int) -> str:
        """The front-matter key written on `line` (or continued there), or 'Body' below the header."""
        if line > self.header_lines:
            return "Body"
        for number in range(line, 0, -1):
            match = META_RE.match(self.lines[number - 1])
            if match:
                return match["key"]
        return "Body"

    def line_of(self, needle: str, nth: int = 0, regex: bool = False) -> int:
        """The line of the `nth` place (0-based) the text has `needle`, ignoring case; else its first line."""
        found = self._places(needle, regex) if needle else []
        if not found:
            return self.first_line
        return bisect.bisect_right(self._starts, found[min(nth, len(found) - 1)])

    def line_of_places(self, places: Iterable[str], nth: int = 0) -> int:
        """The line of the `nth` match of the first of the regular expressions `places` found in the text."""
        for place in places:
            if self._places(place, True):
                return self.line_of(place, nth, regex=True)
        return self.first_line

    def _places(self, needle: str, regex: bool) -> list[int]:
        """Where the text below the front matter has `needle`: searched once, so many lookups stay linear."""
        key = (needle, regex)
        if key not in self._found:
            start = self._starts[self.header_lines] if self.header_lines < len(self._starts) else len(self.source)
            pattern = re.compile(needle if regex else re.escape(needle), re.IGNORECASE)
            self._found[key] = [match.start() for match in pattern.finditer(self.source, start)]
        return self._found[key]

    def heading_line(self, text: str, level: int, after: int) -> int:
        """The line of a heading: by its words, else the next heading of its level, after line `after`."""
        wanted = WORD.sub("", text).casefold()
        fallback = None
        for number in range(max(after, self.header_lines) + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            following = self.lines[number] if number < len(self.lines) else ""
            atx = re.match(r"^ {0,3}(#{1,6})\s", line)
            setext = line.strip() and re.match(r"^ {0,3}(=+|-+)\s*$", following)
            if not (atx or setext):
                continue
            if wanted and WORD.sub("", line).casefold() == wanted:
                return number
            if fallback is None and atx and len(atx[1]) == level:
                fallback = number
        return fallback or self.first_line

    def problem(self, line: int, value: str, message: str, fix: str, field: str = "Body") -> Problem:
        return Problem(self.path, max(1, line), field, value, message, fix)


def header_length(lines: list[str]) -> int:
    """How many lines the `Key: value` front matter and the blank line after it take (0: none).

    The same rules as Python-Markdown's meta extension, which Pelican reads it with.
    """
    number = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    in_header = False
    while number < len(lines):
        line = lines[number]
        if line.strip() == "" or END_RE.match(line):
            return number + 1  # the blank line (or closing ---) ends the header
        if not (META_RE.match(line) or (in_header and META_MORE_RE.match(line))):
            return number
        in_header = True
        number += 1
    return number


# --- Links ---------------------------------------------------------------------


def resolve_file(value: str, folder: str) -> str:
    """A {filename}/{static} path as a path under content/ ('../' left in when it climbs out)."""
    path = unquote(urlsplit(value).path)
    if path.startswith("/"):
        return posixpath.normpath(path[1:]) if path.strip("/") else ""
    return posixpath.normpath(posixpath.join(folder, path))


def is_external(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme or parts.netloc)


def site_address(value: str, page: str) -> str:
    """A site-relative link as an address from the root, without query or fragment."""
    return unquote(urljoin(page, urlsplit(value).path))


def link_targets(body: Body):
    """(element, value, nth) for each link and image; nth counts the earlier ones with that value."""
    seen: dict[str, int] = {}
    for element in body.soup.find_all(["a", "img"]):
        attribute = "src" if element.name == "img" else "href"
        value = (element.get(attribute) or "").strip()
        if value:
            nth = seen.get(value, 0)
            seen[value] = nth + 1
            yield element, value, nth


def broken_links(body: Body, site: SiteMap) -> list[Problem]:
    """Links and images whose target is on this site but does not exist (or is a draft)."""
    problems = []
    for element, value, nth in link_targets(body):
        noun = "image" if element.name == "img" else "link"
        special = INTRASITE.match(value)
        line = body.line_of(value, nth)
        if special:
            problem = _special_link(body, site, special["what"], special["value"], value, noun, line)
            if problem:
                problems.append(problem)
            continue
        if is_external(value) or value.startswith("#"):
            continue
        address = site_address(value, body.address)
        if not site.has(address):
            hint = site.suggest(address)
            where = "" if address == value else f" (it goes to {address})"
            if noun == "image":
                message = f"The image '{value}' is not a file of this site{where}."
                fix = f"Did you mean '{hint}'?" if hint else IMAGE_FIX
            else:
                message = f"The link '{value}' is not the address of a page of this site{where}."
                listing = site.listing_of(address)
                where = f"listed on {listing}" if listing else "the site has"
                fix = f"Did you mean '{hint}'?" if hint else LINK_FIX.format(where=where)
            problems.append(body.problem(line, value, message, fix))
        elif not body.draft and site.is_draft(address):
            problems.append(_draft_link(body, value, line))
    return problems


def _special_link(body: Body, site: SiteMap, what: str, name: str, value: str, noun: str, line: int):
    if what in FILE_LINKS:
        path = resolve_file(name, body.folder)
        if not path or path.startswith("..") or path not in site.files:
            inside = bool(path) and not path.startswith("..")
            shown = f"content/{path}" if inside else "a place outside content/"
            hint = closest_sibling(path, site.files) if inside else None
            message = f"The {noun} '{value}' points to {shown}, which does not exist."
            return body.problem(line, value, message, f"Did you mean 'content/{hint}'?" if hint else FILE_FIX)
        if what == "filename" and path in site.draft_files and not body.draft:
            return _draft_link(body, value, line)
        return None
    if what in TAXONOMY_LINKS:
        if what not in site.taxonomy or site.has(site.taxonomy[what](unquote(name))):
            return None
        message = f"The {noun} '{value}' names the {what} '{name}', which no published post has."
        fix = f"Use a {what} from the site's /{what}/ index, or remove the link."
        return body.problem(line, value, message, fix)
    if what == "index":
        return None
    message = f"The {noun} '{value}' starts with {{{what}}}, which is not a kind of link Pelican knows."
    fix = "Use {filename} for a post or page, {static} for an image or file."
    return body.problem(line, value, message, fix)


def _draft_link(body: Body, value: str, line: int) -> Problem:
    return body.problem(
        line,
        value,
        f"The link '{value}' goes to a draft, which is previewed but never published.",
        "Publish that post first (remove its 'Status: draft' line), or remove the link.",
    )


# --- Images --------------------------------------------------------------------


def image_file(value: str, body: Body, site: SiteMap) -> str | None:
    """The path under content/ of the file an image shows, when it is one of the site's files."""
    special = INTRASITE.match(value)
    if special:
        path = resolve_file(special["value"], body.folder) if special["what"] in FILE_LINKS else ""
        return path if path in site.files else None
    if is_external(value) or value.startswith("#"):
        return None
    return site.static.get(site_address(value, body.address))


def image_problems(body: Body, site: SiteMap, max_bytes: int) -> list[Problem]:
    """Images without alt text, from another host, or larger than `max_bytes`."""
    problems = []
    for element, value, nth in link_targets(body):
        if element.name != "img":
            continue
        line = body.line_of(value, nth)
        if not (element.get("alt") or "").strip():
            problems.append(body.problem(line, value, f"The image '{value}' has no alt text.", ALT_FIX))
        parts = urlsplit(value)
        if parts.netloc and parts.scheme in ("http", "https", ""):
            problems.append(
                body.problem(
                    line,
                    value,
                    f"The image '{value}' is loaded from {parts.hostname}; "
                    "the site loads nothing from other hosts.",
                    IMAGE_FIX,
                )
            )
            continue
        path = image_file(value, body, site)
        size = site.files.get(path, 0) if path else 0
        if max_bytes and size > max_bytes:
            problems.append(
                body.problem(
                    line,
                    value,
                    f"The image content/{path} is {size:,} bytes, over the limit of {max_bytes:,} bytes "
                    "(IMAGE_MAX_BYTES).",
                    "Make it smaller (at most 1600 pixels wide, saved as JPEG or WebP) and replace the file.",
                )
            )
    return problems


# --- What the sanitiser removes --------------------------------------------------------


def sanitiser_problems(body: Body, findings, field: str = "Body", line: int = 0) -> list[Problem]:
    """Problems for the sanitiser's findings (sanitise.py): each on the line where it is written.

    A front-matter field (Summary) gives its own `field` and `line` instead.
    """
    problems = []
    seen: dict[tuple[str, ...], int] = {}
    for finding in findings:
        nth = seen.get(finding.places, 0)
        seen[finding.places] = nth + 1
        where = line or body.line_of_places(finding.places, nth)
        problems.append(body.problem(where, finding.value, finding.message, finding.fix, field=field))
    return problems


# --- Headings ------------------------------------------------------------------


def heading_problems(body: Body) -> list[Problem]:
    """Headings that skip a level. The page's title is its h1, so the text starts at ##."""
    problems = []
    previous, after = 1, 0
    for element in body.soup.find_all(HEADING):
        level = int(element.name[1])
        text = " ".join(element.get_text(" ").split())
        line = body.heading_line(text, level, after)
        after = line if line > after else after
        marks = "#" * level
        if level == 1:
            problems.append(
                body.problem(
                    line,
                    text,
                    f"The heading '{text}' is a level 1 heading (#), the level of the page's title.",
                    f"Make it a ## heading: '## {text}'.",
                )
            )
        elif level > previous + 1:
            if previous == 1:
                before = "the page's title (#)"
            else:
                before = f"a level {previous} heading ({'#' * previous})"
            problems.append(
                body.problem(
                    line,
                    text,
                    f"The heading '{text}' is level {level} ({marks}) after {before}, "
                    f"skipping level {previous + 1}.",
                    f"Make it a {'#' * (previous + 1)} heading, or add the missing level above it.",
                )
            )
        previous = level
    return problems


# --- Unfinished text -------------------------------------------------------------


def empty_text(body: Body) -> list[Problem]:
    """A file with front matter but no text. Only for files that are not drafts."""
    if not body.is_empty:
        return []
    return [
        body.problem(
            body.first_line,
            "",
            "This file has no text after its front matter, and it is not a draft.",
            "Write the text below the front matter (after a blank line), "
            "or add 'Status: draft' until it is ready.",
        )
    ]


def placeholder_text(body: Body, placeholders: Iterable[str]) -> list[Problem]:
    """Placeholder phrases left from `invoke new`, in a file that is not a draft."""
    problems = []
    phrases = [phrase for phrase in placeholders if phrase.strip()]
    for number, line in enumerate(body.lines, start=1):
        folded = line.casefold()
        for phrase in phrases:
            if phrase.casefold() in folded:
                field = body.field_at(number)
                problems.append(
                    body.problem(
                        number,
                        phrase,
                        f"'{phrase}' is placeholder text from invoke new, and this file is not a draft.",
                        "Replace it with your own text, or add 'Status: draft' until it is ready.",
                        field=field,
                    )
                )
    return problems


def check_body(
    body: Body,
    site: SiteMap,
    *,
    image_max_bytes: int = 0,
    placeholders: Iterable[str] = (),
) -> list[Problem]:
    """The checks `invoke check` adds to a build's: links, images, headings, placeholders."""
    problems = broken_links(body, site)
    problems += image_problems(body, site, image_max_bytes)
    problems += heading_problems(body)
    if not body.draft:
        problems += placeholder_text(body, placeholders)
    return problems
