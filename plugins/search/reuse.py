"""Development builds reuse the search bundles whose pages Pagefind would read the same.

Pagefind takes about 15 s over the five bundles of 10,000 articles, and after one
post is edited four of them come out the same. Each bundle a development build
makes is kept in the cache (CACHE_PATH/search/) under a fingerprint of what
Pagefind reads from the pages of its group; a later build whose group has the
same fingerprint copies that bundle instead of running Pagefind.

What Pagefind reads from a page: the element carrying data-pagefind-body and all
inside it, any tag with a data-pagefind-* attribute elsewhere on the page
(filters, metadata, sort keys), and the <title>. The rest (the related list, the
navigation) changes with other posts but is not indexed, so it is left out of
the fingerprint; the page's path, the language and Pagefind's version are in.
An element whose end cannot be found counts to the end of the page.

Production builds never reuse (SEARCH_REUSE_BUNDLES is off in publishconf.py):
a published index is always made afresh from its pages.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from importlib import metadata
from pathlib import Path

from .groups import body_tag_start, indexable, tag_around

TAG_NAME = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)")
PAGEFIND_ATTRIBUTE = b"data-pagefind-"
TITLE = re.compile(rb"<title>.*?</title>", re.DOTALL | re.IGNORECASE)
BUNDLE_FILE = "pagefind.js"  # every complete bundle has it


def pagefind_version() -> str:
    versions = []
    for name in ("pagefind", "pagefind_bin"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return ", ".join(versions)


def indexed_part(html: bytes) -> bytes:
    """The part of a page Pagefind indexes: the marked element, from its '<' to its end tag."""
    start = body_tag_start(html)
    if start == -1:
        return b""
    name = TAG_NAME.match(html, start).group(1)
    depth = 0
    for tag in re.finditer(rb"<(/?)" + re.escape(name) + rb"(?=[\s>/])", html[start:], re.IGNORECASE):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = html.find(b">", start + tag.end())
            return html[start : end + 1] if end != -1 else html[start:]
    return html[start:]


def pagefind_tags(html: bytes) -> list[bytes]:
    """Every tag of the page with a data-pagefind-* attribute (in a tag, not in the text)."""
    tags = []
    at = html.find(PAGEFIND_ATTRIBUTE)
    while at != -1:
        start, end = tag_around(html, at), html.find(b">", at)
        if start != -1 and end != -1:
            tags.append(html[start : end + 1])
            at = html.find(PAGEFIND_ATTRIBUTE, end)
        else:
            at = html.find(PAGEFIND_ATTRIBUTE, at + 1)
    return tags


def page_fingerprint(html: bytes) -> bytes:
    """A digest of everything Pagefind reads from the page `html`."""
    digest = hashlib.sha256(indexed_part(html))
    for tag in pagefind_tags(html) + TITLE.findall(html):
        digest.update(b"\0" + tag)
    return digest.digest()


def fingerprinted(site: Path, paths: list[str], fingerprints: dict[str, bytes]) -> list[str]:
    """The indexable `paths` (groups.indexable), each one's fingerprint noted in `fingerprints`."""

    def note(path: str, html: bytes) -> None:
        fingerprints[path] = page_fingerprint(html)

    return indexable(site, paths, note)


def group_fingerprint(paths: list[str], fingerprints: dict[str, bytes], language: str) -> str:
    """The fingerprint of a bundle of the pages at `paths`, from their own fingerprints."""
    digest = hashlib.sha256(f"{pagefind_version()}\0{language}\0".encode())
    for path in paths:
        digest.update(path.encode() + b"\0" + fingerprints[path])
    return digest.hexdigest()[:40]


def restore(cache: Path, key: str, bundle: Path) -> bool:
    """Copy the kept bundle with fingerprint `key` to `bundle`; False if none is kept."""
    kept = cache / key
    if not (kept / BUNDLE_FILE).is_file():
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    shutil.copytree(kept, bundle)
    return True


def keep(cache: Path, key: str, bundle: Path) -> None:
    """Keep a copy of a finished bundle under its fingerprint (complete, or not at all)."""
    kept = cache / key
    if kept.exists():
        return
    partial = cache / f".{key}-saving"
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(bundle, partial)
    partial.rename(kept)


def forget_others(cache: Path, keys: set[str]) -> None:
    """Delete the kept bundles this build did not use: the cache holds one site's worth."""
    if not cache.is_dir():
        return
    for entry in cache.iterdir():
        if entry.name not in keys:
            shutil.rmtree(entry, ignore_errors=True)
