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

from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

from .archive import page_address

TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|_ga)$", re.IGNORECASE)
PLACEHOLDER_HOST = "old-site.invalid"


@dataclass(frozen=True)
class Target:
    """Where a link of an old text points."""

    form: str  # "internal", "external", "keep" (mailto:, #anchor) or "drop" (javascript:)
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
    parts = urlsplit(urljoin(f"https://{old_host or PLACEHOLDER_HOST}{page}", href))
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
    markdown: str
    unresolved: list[str]  # old addresses the archive does not hold
    removed: list[str]


def to_markdown(text_html: str, page: str, addresses: Addresses) -> Converted:
    """The text as Markdown, links rewritten (see the module's docstring)."""
    soup = BeautifulSoup(text_html, "html.parser")
    unresolved: list[str] = []
    removed: list[str] = []
    for link in soup.find_all("a", href=True):
        new = new_href(str(link["href"]), page, addresses, unresolved)
        if new is None:
            removed.append(f"a {str(link['href']).split(':', 1)[0]}: link (its text is kept)")
            link.unwrap()
        else:
            link["href"] = new
    for image in soup.find_all("img"):
        replace_image(image, page, addresses, unresolved, removed)
    markdown = Converter().convert_soup(soup)
    return Converted(tidy(markdown), unresolved, removed)


def new_href(href: str, page: str, addresses: Addresses, unresolved: list[str]) -> str | None:
    target = resolve(href, page, addresses.old_host)
    if target.form == "drop":
        return None
    if target.form != "internal":
        return target.path
    fragment = f"#{target.fragment}" if target.fragment else ""
    if target.path in addresses.pages:
        return addresses.pages[target.path] + fragment
    if target.path in addresses.files:
        return addresses.files[target.path]
    unresolved.append(target.path)
    return old_url(target.path, addresses.old_host) + fragment


def old_url(path: str, old_host: str) -> str:
    return f"https://{old_host}{path}" if old_host else path


def replace_image(image, page: str, addresses: Addresses, unresolved: list[str], removed: list[str]) -> None:
    """A copied image points at its copy; any other becomes a link, so nothing loads from elsewhere."""
    src = str(image.get("src") or "")
    target = resolve(src, page, addresses.old_host)
    if target.form == "internal" and target.path in addresses.files:
        image["src"] = addresses.files[target.path]
        return
    alt = str(image.get("alt") or "").strip()
    width, height = str(image.get("width", "")), str(image.get("height", ""))
    if width in ("0", "1") or height in ("0", "1") or not src:
        removed.append("a tracking image")
        image.decompose()
        return
    if target.form == "internal":
        unresolved.append(target.path)
        address = old_url(target.path, addresses.old_host)
    else:
        removed.append("an image from another host (kept as a link)")
        address = target.path
    replacement = BeautifulSoup("", "html.parser").new_tag("a", href=address)
    replacement.string = f"Image: {alt}" if alt else "Image"
    image.replace_with(replacement)


class Converter(MarkdownConverter):
    """markdownify, writing Markdown as the site's posts are written: # headings, - bullets."""

    def __init__(self):
        super().__init__(heading_style="ATX", bullets="-", escape_misc=False)


def tidy(markdown: str) -> str:
    """No trailing spaces, no runs of blank lines, one newline at the end."""
    lines = [line.rstrip() for line in markdown.strip().split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
