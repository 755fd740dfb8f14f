"""The saved archive as a list of old addresses: which files are pages, which are files, and what
each page is.

A crawler saves the old address /blog/article/peer-challenge as
blog/article/peer-challenge, blog/article/peer-challenge.html (wget
--adjust-extension) or blog/article/peer-challenge/index.html; all three are
read as that one address. The old site's addresses say what a page is:

- /<section>/article/<slug>: an article (blog post, regional update, event or publication);
- /<section>, /<section>/P<offset> and other pages under a section: a listing;
- /<name>: a plain page (/about, /regions), unless <name> is a section.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

ARTICLE = re.compile(r"^/(?P<section>[^/]+)/article/(?P<slug>[^/]+)$")
PAGED = re.compile(r"^/(?P<section>[^/]+)/P(?P<offset>\d+)$")
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class SavedFile:
    path: Path  # on disk
    address: str  # the old address, e.g. /blog/article/peer-challenge


@dataclass(frozen=True)
class OldAddress:
    """What an old page's address says it is."""

    form: str  # "article", "listing", "page" or "home"
    section: str = ""  # the first segment (article, listing)
    slug: str = ""  # the article's slug, or the page's name


def saved_files(root: Path) -> tuple[list[SavedFile], list[SavedFile]]:
    """The saved pages and the other files (images, documents) under `root`, each at its old
    address, sorted by address. Links, hidden files and special files are left out."""
    pages, files = [], []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            if is_page_name(name):
                pages.append(SavedFile(path, page_address(relative)))
            else:
                files.append(SavedFile(path, as_sent("/" + relative)))
    return sorted(pages, key=lambda saved: saved.address), sorted(files, key=lambda saved: saved.address)


def is_page_name(name: str) -> bool:
    """A saved page: *.html, *.htm, or a name without a type (wget saves /about as 'about')."""
    lowered = name.casefold()
    return lowered.endswith(HTML_SUFFIXES) or "." not in name


def page_address(relative: str) -> str:
    """'blog/article/x/index.html', 'blog/article/x.html' and 'blog/article/x' -> '/blog/article/x'."""
    path = "/" + relative
    for suffix in ("/index.html", "/index.htm"):
        if path.casefold().endswith(suffix):
            return as_sent(path[: -len(suffix)] or "/")
    if path.casefold().endswith(HTML_SUFFIXES):
        return as_sent(path.rsplit(".", 1)[0])
    return as_sent(path)


def as_sent(path: str) -> str:
    """A path as browsers send it, whether it was written plainly or %-escaped: every character
    but letters, digits and - . _ ~ / + , = @ ! ( ) as its UTF-8 %XX escapes. One spelling per
    address, so a saved 'café.html' and a link to 'caf%C3%A9' meet, and the redirects file
    (which takes only those characters) accepts it."""
    # A name the locale could not decode (LC_ALL=C) holds surrogate escapes: its own bytes again.
    return quote(unquote(path).encode("utf-8", "surrogateescape"), safe="/-._~+,=@!()")


def archive_root(folder: Path) -> tuple[Path, str]:
    """The folder the addresses start from, and the old site's host when the folder says it:
    `wget --mirror https://host/` saves into a folder named after the host."""
    entries = [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir() and "." in entries[0].name:
        return entries[0], entries[0].name.casefold()
    return folder, ""


def classify(address: str, sections: set[str]) -> OldAddress:
    """What the address of a saved page says it is; `sections` are the first segments of articles."""
    if address == "/":
        return OldAddress("home")
    article = ARTICLE.match(address)
    if article:
        return OldAddress("article", unquote(article["section"]), unquote(article["slug"]))
    segments = address.strip("/").split("/")
    if segments[0] in sections:
        return OldAddress("listing", unquote(segments[0]))
    if len(segments) == 1:
        return OldAddress("page", slug=unquote(segments[0]))
    return OldAddress("other", segments[0])


def sections_of(addresses: list[str]) -> set[str]:
    return {match["section"] for match in map(ARTICLE.match, addresses) if match}
