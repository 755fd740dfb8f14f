"""Hostile content for the property-based tests: Hypothesis strategies and the checks on output.

`content_file()` makes one content file of a random kind: a valid file of that kind
with some of its fields replaced by generated values (markup, quotes, random
Unicode, right-to-left text, emoji, very long values, path separators), a body of
generated Markdown and raw HTML, and sometimes broken bytes (a byte-order mark,
Windows line endings, Latin-1, nothing at all, binary data). Each file has a
`number`, which keeps its slug unique in a site of many generated files.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from content_model.kinds import ARTICLE_KINDS
from content_model.rules import parse_date
from hypothesis import strategies as st

ATTACKS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "</script><!--",
    "javascript:alert(1)",
    "{{ 7 * 7 }} {% raw %}",
    "&lt;b&gt; &amp; &#60;i&#62;",
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/absolute/path",
    "\u202eevil\u202c",
    "تقرير المنطقة",
    "דו״ח",
    "👩‍👧‍👦 🎉",
    "Ünïcödé ñ ß İ",
    "'single' \"double\" `back`",
    "a -- b --- c...",
)
# Any character a text editor could put on one line of a file.
ON_ONE_LINE = st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\n\r\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
)
LONG = st.integers(20, 60).map(lambda words: "long " * words)  # 100 to 300 characters


def hostile_text() -> st.SearchStrategy[str]:
    """A one-line value: attacks, random Unicode and long runs, in any mix."""
    attack, unicode = st.sampled_from(ATTACKS), st.text(ON_ONE_LINE, max_size=20)
    piece = st.one_of(attack, attack, unicode, unicode, LONG)  # a long value one time in five
    return st.lists(piece, min_size=1, max_size=3).map(" ".join)


UNSAFE_PIECES = (
    "<script>alert(1)</script>",
    '<p onclick="alert(1)">Click</p>',
    "<div><img src=x onerror=alert(1)></div>",
    "[Click](javascript:alert(1))",
    "[Click](java\tscript:alert(1))",
    '<a href="&#106;avascript:alert(1)">Click</a>',
    '<iframe src="https://evil.example/"></iframe>',
)
SAFE_PIECES = (
    "Plain words, and more of them.",
    "## A heading",
    "Code: `<script>alert(1)</script>` is text.",
    "    <script>alert('shown as code')</script>",
    '<b title="&quot;>x">bold</b> and <em>em</em>',
    "<!-- a comment -->",
    "&amp; &lt; &#60; & < >",
    "Email <someone@example.org>",
    "| a | b |\n| - | - |\n| `<script>` | x |",
)
AS_CODE = hostile_text().map(lambda text: "    " + text)  # an indented code block
SAFE_BODY = st.lists(st.one_of(st.sampled_from(SAFE_PIECES), AS_CODE), min_size=1, max_size=4)
BODY = st.lists(st.one_of(st.sampled_from(UNSAFE_PIECES + SAFE_PIECES), hostile_text()), max_size=4)

# A valid file of each kind, whose fields the generated values replace.
VALID = {
    "blog": {"title": "A post", "date": "2026-03-01", "category": "General", "authors": "Ann Example"},
    "regional-updates": {
        "title": "An update",
        "date": "2026-03-02",
        "category": "Leadership",
        "authors": "Bo Example",
        "region": "London",
    },
    "events": {"title": "An event", "start": "2099-01-01 10:00", "location": "A hall"},
    "publications": {
        "title": "A report",
        "date": "2026-02-01",
        "category": "Education",
        "type": "Report",
        "link": "https://www.example.org/report",
    },
    "pages": {"title": "A page"},
}
FREE_TEXT = ("title", "tags", "authors", "series", "location", "publisher", "pages")  # not Markdown
FIELD_VALUES = {
    **dict.fromkeys(FREE_TEXT, hostile_text()),
    "summary": hostile_text(),  # Markdown: markup in it is HTML, and checked as such
    "tags": st.lists(hostile_text(), max_size=4).map(", ".join),
    "authors": st.lists(hostile_text(), min_size=1, max_size=3).map(", ".join),
    "region": st.one_of(st.sampled_from(["north west", "London"]), hostile_text()),
    "category": st.one_of(st.sampled_from(["general", "Leadership"]), hostile_text()),
    "slug": st.one_of(st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True), hostile_text()),
    "status": st.sampled_from(["published", "draft", "hidden", "Hidden", "skip", "<b>"]),
    "date": st.one_of(st.dates().map(str), hostile_text()),
    "start": st.one_of(st.just("2099-02-01 09:30"), hostile_text()),
    "end": st.one_of(st.just("2099-02-01 17:00"), hostile_text()),
    "booking": st.one_of(st.just('https://www.example.org/book?a=1&b="2"'), hostile_text()),
    "link": st.one_of(st.just("https://www.example.org/x?a=1&b=2"), hostile_text()),
    "type": st.one_of(st.just("Briefing"), hostile_text()),
    "year": st.one_of(st.just("2025"), hostile_text()),
    "related": hostile_text(),
    "save_as": hostile_text(),
    "lang": hostile_text(),
}
# How a file's bytes are written: mostly as they should be.
ENCODINGS = ("utf-8",) * 6 + ("bom", "crlf", "latin-1", "no-body", "empty", "binary")
READABLE = ("utf-8", "bom", "crlf")


@dataclass(frozen=True)
class SiteFile:
    relative: str  # below content/
    kind: str
    fields: dict[str, str]
    body: str
    encoding: str
    data: bytes

    @property
    def slug(self) -> str:
        return self.fields.get("slug", "")

    @property
    def address(self) -> str | None:
        """Where a production build publishes it when the build succeeds, or None if nowhere known."""
        status = self.fields.get("status", "published")
        if status not in ("published", "hidden") or self.encoding not in READABLE:
            return None
        date = parse_date(self.fields.get("date", "2026-01-01"))
        if self.kind in ARTICLE_KINDS and not (date and date.date() <= datetime.date.today()):
            return None  # future-dated: held back
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.slug):
            return None
        return f"/{self.slug}/" if self.kind == "pages" else f"/{self.kind}/{self.slug}/"


def front_matter_text(fields: dict[str, str], body: str) -> str:
    lines = [f"{key.capitalize()}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n\n" + body + "\n"


def encode(text: str, encoding: str) -> bytes:
    if encoding == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if encoding == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    if encoding == "latin-1":
        return text.encode("latin-1", errors="replace") + b"caf\xe9\n"
    if encoding == "no-body":
        return text.split("\n\n", 1)[0].encode("utf-8")
    if encoding == "empty":
        return b""
    if encoding == "binary":
        return b"\x89PNG\r\n\x1a\n\x00\x00" + text.encode("utf-8", errors="replace")
    return text.encode("utf-8")


@st.composite
def content_file(draw, number: int = 0, free_text_only: bool = False) -> SiteFile:
    """One content file: valid fields of its kind, some replaced, added or left out.

    With `free_text_only`, only fields of free text are replaced, the body is safe and
    the bytes are UTF-8: such a file is published unless a name gives no address.
    """
    kind = draw(st.sampled_from(sorted(VALID)))
    fields = dict(VALID[kind]) | {"slug": f"generated-{number}"}
    # Free text most often.
    keys = st.sampled_from(FREE_TEXT if free_text_only else FREE_TEXT * 3 + tuple(sorted(FIELD_VALUES)))
    for key in draw(st.lists(keys, unique=True, max_size=4)):
        fields[key] = draw(FIELD_VALUES[key])
    if not free_text_only and draw(st.booleans()) and draw(st.booleans()):
        fields.pop(draw(st.sampled_from(sorted(fields))))
    body = "\n\n".join(draw(SAFE_BODY if free_text_only else st.one_of(SAFE_BODY, BODY)))
    encoding = draw(st.sampled_from(READABLE if free_text_only else ENCODINGS))
    text = front_matter_text(fields, body)
    return SiteFile(f"{kind}/generated-{number}.md", kind, fields, body, encoding, encode(text, encoding))


@st.composite
def site_files(draw, min_size: int = 4, max_size: int = 10) -> list[SiteFile]:
    """The generated files of one site: mostly files that can be published, so most sites build."""
    count = draw(st.integers(min_size, max_size))
    any_file = draw(st.sampled_from([False, False, True]))
    return [draw(content_file(number, free_text_only=not any_file)) for number in range(count)]


# --- what no output may hold --------------------------------------------------------

OWN_SCRIPT = re.compile(r"^(?:.*/)?theme/js/search(?:\.[0-9a-f]+)?\.js$")  # the search page's script
TRIED: Counter[str] = Counter()  # generated inputs, reported at the end of the run


def count_tried(what: str, number: int = 1) -> None:
    TRIED[what] += number


def comparable(text: str) -> str:
    """Letters, digits and the characters markup is made of: what typography never changes."""
    return "".join(character for character in text if character.isalnum() or character in "<>=/")


def assert_escaped_html(soup, where: str) -> None:
    """No script, event handler, javascript: address or iframe that the site did not write itself."""
    for element in soup.find_all(True):
        if element.name == "script":
            if element.get("src"):
                assert OWN_SCRIPT.match(element["src"]), (where, str(element)[:200])
            else:
                assert element.get("type") == "application/ld+json", (where, str(element)[:200])
        assert element.name not in ("iframe", "object", "embed"), (where, str(element)[:200])
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (where, str(element)[:200])
            if isinstance(value, str) and name in ("href", "src", "action"):
                assert not as_browsers_read(value).lower().startswith("javascript:"), where


def as_browsers_read(address: str) -> str:
    """An address as the URL standard's parser starts reading it: control characters and spaces at
    either end stripped, every tab and newline removed (a space inside stays: "java script:" is a
    relative address)."""
    return re.sub(r"[\t\n\r]", "", address.strip("".join(map(chr, range(0x21)))))


def written_files(output: Path) -> list[Path]:
    return [path for path in output.rglob("*") if path.is_file()]


def assert_inside(path: Path, root: Path) -> None:
    relative = path.relative_to(root)
    assert ".." not in relative.parts, path
    assert path.resolve().is_relative_to(root.resolve()), path
