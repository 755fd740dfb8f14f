"""An imported text as Markdown, with its links pointing at the new site.

Links are resolved against the old page's address. A link to another page of the
archive becomes a `{filename}` link to the file the import writes (Pelican turns
it into the right address, and warns if the file goes), a link to an old listing
becomes its new listing's address, a link to a copied image or document becomes
a `{static}` link. A link to the old site that the archive cannot resolve is kept,
pointing at the old site, and listed in the report. Images from other hosts are
kept as links (the site loads nothing from other hosts); tracking parameters
(utm_*, fbclid, gclid) are taken off outside links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

from .archive import page_address
from .saved_page import HEADINGS

# What makes a line of Markdown something other than text when it starts the line (a heading,
# a quote, a list item, a rule): the character that is escaped is the group named "marker".
BLOCK_MARKER = re.compile(r"^(?P<before>\s*(?:\d{1,9}(?=[.)](?:\s|$)))?)(?P<marker>[#>.)]|[-+](?=\s|-|$))")
# What Markdown reads as markup anywhere in a line, and the same text escaped: a tag ('<a href'),
# an entity ('&copy;'), a code span, the middle of a link ('](' or '][').
INLINE_MARKUP = (
    (re.compile(r"&(?=#?\w+;)"), "&amp;"),
    (re.compile(r"<(?=[A-Za-z/!?])"), "&lt;"),
    (re.compile(r"`"), r"\\`"),
    (re.compile(r"\](?=[(\[])"), r"\\]"),
)
# What starts a new line in the Markdown the converter writes.
BLOCKS = frozenset(
    "address article aside blockquote body dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul [document]".split()
)
TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|_ga)$", re.IGNORECASE)
PLACEHOLDER_HOST = "old-site.invalid"


@dataclass(frozen=True)
class Target:
    """Where a link of an old text points."""

    form: str  # "internal", "external", "keep" (mailto:, #anchor), "drop" (javascript:) or "unreadable"
    path: str = ""  # internal: the old address; external: the address
    fragment: str = ""


def same_host(host: str, old_host: str) -> bool:
    strip = lambda name: name.casefold().removeprefix("www.")  # noqa: E731
    return bool(old_host) and strip(host) == strip(old_host)


def resolve(href: str, page: str, old_host: str) -> Target:
    """What `href`, on the old page at address `page`, points at."""
    href = href.strip()
    if not href or href.startswith("#"):
        return Target("keep", href)
    try:
        parts = urlsplit(urljoin(f"https://{old_host or PLACEHOLDER_HOST}{page}", href))
        parts.port  # noqa: B018 - a port that is not a number is refused only when read
    except ValueError:  # 'http://example.org]' and the like: no browser could follow it
        return Target("unreadable", href)
    if parts.scheme in ("mailto", "tel"):
        return Target("keep", href)
    if parts.scheme not in ("http", "https"):
        return Target("drop", href)
    if parts.netloc != PLACEHOLDER_HOST and not same_host(parts.hostname or "", old_host):
        query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if not TRACKING.match(key)])
        return Target("external", urlunsplit(parts._replace(query=query)))
    path = page_address(parts.path.lstrip("/")).rstrip("/") or "/"
    return Target("internal", path, parts.fragment)


@dataclass
class Addresses:
    """Old addresses the import can point at: pages it writes, listings, copied files."""

    old_host: str
    pages: dict[str, str] = field(default_factory=dict)  # old address -> Markdown link target
    files: dict[str, str] = field(default_factory=dict)  # old address -> {static}/... path


@dataclass
class Converted:
    """A text as Markdown and what a person should know about its conversion."""

    markdown: str = ""
    unresolved: list[str] = field(default_factory=list)  # old addresses the archive does not hold
    removed: list[str] = field(default_factory=list)  # what was taken out, in words
    unreadable: list[str] = field(default_factory=list)  # links no browser could follow (text kept)
    headings_moved: int = 0  # headings given another level, so that none skips one


def to_markdown(text_html: str, page: str, addresses: Addresses) -> Converted:
    """The text as Markdown, links rewritten (see the module's docstring)."""
    soup = BeautifulSoup(text_html, "html.parser")
    converted = Converted()
    for link in soup.find_all("a", href=True):
        new = new_href(str(link["href"]).strip(), page, addresses, converted)
        if new is None:
            link.unwrap()
        else:
            link["href"] = new
    for image in soup.find_all("img"):
        replace_image(image, page, addresses, converted)
    converted.headings_moved = even_out_headings(soup)
    converted.markdown = tidy(Converter().convert_soup(soup))
    return converted


def new_href(href: str, page: str, addresses: Addresses, converted: Converted) -> str | None:
    """The link's new address, or None when only its text is kept."""
    target = resolve(href, page, addresses.old_host)
    if target.form == "drop":
        converted.removed.append(f"a {href.split(':', 1)[0]}: link (its text is kept)")
        return None
    if target.form == "unreadable":
        converted.unreadable.append(href)
        return None
    if target.form != "internal":
        return target.path
    fragment = f"#{target.fragment}" if target.fragment else ""
    if target.path in addresses.pages:
        return addresses.pages[target.path] + fragment
    if target.path in addresses.files:
        return addresses.files[target.path]
    converted.unresolved.append(target.path)
    return old_url(target.path, addresses.old_host) + fragment


def old_url(path: str, old_host: str) -> str:
    return f"https://{old_host}{path}" if old_host else path


def replace_image(image, page: str, addresses: Addresses, converted: Converted) -> None:
    """A copied image points at its copy; any other becomes a link, so nothing loads from elsewhere."""
    src = str(image.get("src") or "")
    target = resolve(src, page, addresses.old_host)
    if target.form == "internal" and target.path in addresses.files:
        image["src"] = addresses.files[target.path]
        return
    alt = str(image.get("alt") or "").strip()
    width, height = str(image.get("width", "")), str(image.get("height", ""))
    if width in ("0", "1") or height in ("0", "1") or not src:
        converted.removed.append("a tracking image")
        image.decompose()
        return
    if target.form == "internal":
        converted.unresolved.append(target.path)
        address = old_url(target.path, addresses.old_host)
    elif target.form == "external":
        converted.removed.append("an image from another host (kept as a link)")
        address = target.path
    else:  # data:, javascript:, an address no browser can follow: nothing to link to
        converted.removed.append("an image without a web address (its description is kept)")
        if alt:
            image.replace_with(f"(image: {alt})")
        else:
            image.decompose()
        return
    replacement = BeautifulSoup("", "html.parser").new_tag("a", href=address)
    replacement.string = f"Image: {alt}" if alt else "Image"
    image.replace_with(replacement)


def even_out_headings(soup: BeautifulSoup) -> int:
    """Give the text's headings levels that skip none below the page's title (an h1), keeping
    their order of rank: h3 h5 h5 h2 h4 becomes h2 h3 h3 h2 h3. How many headings changed."""
    open_levels: list[int] = []  # the old levels of the headings the current one sits under, and its own
    moved = 0
    for heading in soup.find_all(HEADINGS):
        level = int(heading.name[1])
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
        open_levels.append(level)
        new = f"h{min(len(open_levels) + 1, 6)}"
        if new != heading.name:
            heading.name = new
            moved += 1
    return moved


class Converter(MarkdownConverter):
    """markdownify, writing Markdown as the site's posts are written: # headings, - bullets."""

    def __init__(self):
        super().__init__(heading_style="ATX", bullets="-", escape_misc=False)

    def escape(self, text, parent_tags):
        """Text as text wherever it is (not in code): what Markdown would read as HTML, an entity,
        a code span or a link is escaped. markdownify's escape_misc would escape more, everywhere."""
        text = super().escape(text, parent_tags)
        for markup, escaped in INLINE_MARKUP:
            text = markup.sub(escaped, text)
        return text

    def process_text(self, el, parent_tags=None):
        """Text as text at the start of a line too: '#pybay' or '1984. A year' stays a paragraph,
        not a heading or a list."""
        text = super().process_text(el, parent_tags=parent_tags)
        if parent_tags and ("_noformat" in parent_tags or "_inline" in parent_tags):
            return text
        return BLOCK_MARKER.sub(r"\g<before>\\\g<marker>", text) if begins_line(el) else text


def begins_line(node) -> bool:
    """Whether the converted text of `node` starts a line of Markdown: nothing but blocks or a
    line break before it in its block."""
    previous = node.previous_sibling
    while isinstance(previous, Comment) or (isinstance(previous, NavigableString) and not previous.strip()):
        previous = previous.previous_sibling
    if previous is None:
        parent = node.parent
        return parent is None or parent.name in BLOCKS or begins_line(parent)
    return isinstance(previous, Tag) and (previous.name == "br" or previous.name in BLOCKS)


def tidy(markdown: str) -> str:
    """No trailing spaces but a <br>'s two (Markdown's line break), no runs of blank lines, one
    newline at the end."""
    lines = markdown.strip().split("\n")
    kept = [
        line.rstrip() + ("  " if line.endswith("  ") and line.strip() and following.strip() else "")
        for line, following in zip(lines, lines[1:] + [""])
    ]
    text = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
