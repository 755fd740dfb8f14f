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
import os
import pickle
import re
import shutil
from importlib import metadata
from pathlib import Path

from .groups import body_tag_start, marks_body, tag_around

TAG_NAME = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)")
PAGEFIND_ATTRIBUTE = b"data-pagefind-"
TITLE = re.compile(rb"<title>.*?</title>", re.DOTALL | re.IGNORECASE)
BUNDLE_FILE = "pagefind.js"  # every complete bundle has it
KNOWN_PAGES = "pages"  # in the cache: each page's file identity and fingerprint (None: not indexable)
LATER = "later"  # in the cache: the bundles a build left for later (indexer.index_later)


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


def fingerprinted(site: Path, paths: list[str], fingerprints: dict[str, bytes], cache: Path) -> list[str]:
    """The indexable `paths` (as groups.indexable), each one's fingerprint noted in `fingerprints`.

    A page whose file is the very file the last build fingerprinted (the same inode,
    size and time: a page linked from the live site, sitebuild/pages/render.py)
    keeps the fingerprint it had, without being read again. What was found is kept
    in the cache for the next build.
    """
    known = load_known(cache / KNOWN_PAGES)
    now: dict[str, tuple[tuple[int, int, int], bytes | None]] = {}
    root = str(site)
    for path in paths:
        stat = os.stat(os.path.join(root, path))
        identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        entry = known.get(path)
        if entry is None or entry[0] != identity:
            with open(os.path.join(root, path), "rb") as page:
                html = page.read()
            entry = (identity, page_fingerprint(html) if marks_body(html) else None)
        now[path] = entry
    save_known(cache / KNOWN_PAGES, now)
    fingerprints.update((path, fingerprint) for path, (_, fingerprint) in now.items() if fingerprint)
    return [path for path in paths if now[path][1] is not None]


def load_known(file: Path) -> dict:
    try:
        with open(file, "rb") as known:
            return pickle.load(known)
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        return {}


def save_known(file: Path, known: dict) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(f".{file.name}.partial")
    with open(partial, "wb") as out:
        pickle.dump(known, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, file)


def group_fingerprint(paths: list[str], fingerprints: dict[str, bytes], language: str) -> str:
    """The fingerprint of a bundle of the pages at `paths`, from their own fingerprints."""
    digest = hashlib.sha256(f"{pagefind_version()}\0{language}\0".encode())
    for path in paths:
        digest.update(path.encode() + b"\0" + fingerprints[path])
    return digest.hexdigest()[:40]


def restore(cache: Path, key: str, bundle: Path) -> bool:
    """Put the kept bundle with fingerprint `key` at `bundle`; False if none is kept."""
    return copy_bundle(cache / key, bundle)


def copy_bundle(source: Path, bundle: Path) -> bool:
    """Put a copy of the whole bundle `source` at `bundle`; False if there is none at `source`."""
    if not (source / BUNDLE_FILE).is_file():
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    shutil.copytree(source, bundle, copy_function=link_or_copy)
    return True


def keep(cache: Path, key: str, bundle: Path) -> None:
    """Keep a finished bundle under its fingerprint (complete, or not at all)."""
    kept = cache / key
    if kept.exists():
        return
    partial = cache / f".{key}-saving"
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(bundle, partial, copy_function=link_or_copy)
    partial.rename(kept)


def link_or_copy(source: str, target: str) -> None:
    """A hard link (a bundle's files are written once, by Pagefind, and never changed); a copy
    where the file system refuses links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def forget_others(cache: Path, keys: set[str]) -> None:
    """Delete the kept bundles this build did not use: the cache holds one site's worth."""
    if not cache.is_dir():
        return
    for entry in cache.iterdir():
        if entry.name not in keys and entry.name not in (KNOWN_PAGES, LATER):
            shutil.rmtree(entry, ignore_errors=True)
