"""Pagefind's filter files in one order, so the same pages give the same index on every build.

Pagefind 1.5.2 collects each filter's values (kind, category, region, tag, year)
in Rust hash maps that are seeded at random in every run, and writes the values,
and the list of filters in its meta file, in the maps' order (its source says
"TODO: Change filter indexes to BTree to give them a stable hash"). The same
pages therefore gave filter files with other bytes and other names, and a meta
file with another hash, on every build; no option or environment variable turns
that off. `sort_filters` sorts them once Pagefind has finished and names each
rewritten file as Pagefind names it: <language>_<start of the SHA-1 of its CBOR>.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from . import cbor

SIGNATURE = b"pagefind_dcd"  # the start of every decompressed index file
ENTRY = "pagefind-entry.json"
FILTER_DIGITS = 7  # hex digits of the SHA-1 in a filter file's name (Pagefind's rule)
FILTERS, SORTS = 3, 4  # their places in the meta file's top-level array (Pagefind 1.5)


class UnexpectedIndex(Exception):
    stage = "search indexing"  # how sitebuild names this failure


def sort_filters(bundle: Path) -> None:
    """Rewrite the filter and meta files of every language in the Pagefind `bundle` folder in sorted order."""
    entry_file = bundle / ENTRY
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        languages = sorted(entry["languages"].items())
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as error:
        raise UnexpectedIndex(f"Pagefind's {ENTRY} could not be read ({error!r}). {UPGRADE}") from None
    for language, details in languages:
        details["hash"] = sort_language(bundle, language, details["hash"])
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def sort_language(bundle: Path, language: str, meta_hash: str) -> str:
    """Sort one language's filters; the new hash of its meta file (pagefind.<hash>.pf_meta)."""
    meta_file = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = read(meta_file)
    check_meta(meta, meta_file)
    old_files = [bundle / "filter" / f"{old_hash}.pf_filter" for _, old_hash in meta[FILTERS]]
    filters = [sorted_filter(read(path)) for path in old_files]
    for path in old_files:
        path.unlink()
    taken: set[str] = set()
    meta[FILTERS] = sorted([name, write_filter(bundle, language, data, taken)] for name, data in filters)
    meta[SORTS] = sorted(meta[SORTS], key=lambda sort: sort[0])
    payload = cbor.encode(meta)
    new_hash = f"{language}_{pagefind_hash(payload)[: len(language) + 8]}"
    meta_file.unlink()
    write(bundle / f"pagefind.{new_hash}.pf_meta", payload)
    return new_hash


def sorted_filter(content) -> tuple[str, bytes]:
    """A filter file's name and its CBOR with its values in sorted order."""
    name, values = content
    return name, cbor.encode([name, sorted(values, key=lambda value: value[0])])


def write_filter(bundle: Path, language: str, payload: bytes, taken: set[str]) -> str:
    """Write a filter file under Pagefind's name for it; a name already taken grows by a digit, as in Pagefind."""
    digest = pagefind_hash(payload)
    length = FILTER_DIGITS
    while f"{language}_{digest[:length]}" in taken and length < len(digest):
        length += 1
    name = f"{language}_{digest[:length]}"
    taken.add(name)
    write(bundle / "filter" / f"{name}.pf_filter", payload)
    return name


def check_meta(meta, path: Path) -> None:
    """Refuse a meta file whose filters and sorts are not where Pagefind 1.5 puts them."""
    pairs = meta[FILTERS] if isinstance(meta, list) and len(meta) > SORTS else None
    if not isinstance(pairs, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair)
        for pair in pairs
    ):
        raise UnexpectedIndex(f"{path.name} is not laid out as Pagefind 1.5 writes it. {UPGRADE}")


def read(path: Path):
    """The value in a Pagefind index file, checked to encode back to the very same bytes."""
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as error:
        raise UnexpectedIndex(f"Pagefind's {path.name} could not be read: {error}") from None
    payload = raw.removeprefix(SIGNATURE)
    try:
        value = cbor.decode(payload)
    except cbor.CborError as error:
        raise UnexpectedIndex(
            f"Pagefind's {path.name} is not the CBOR expected ({error}). {UPGRADE}"
        ) from None
    if payload == raw or cbor.encode(value) != payload:
        raise UnexpectedIndex(f"Pagefind's {path.name} is not written as Pagefind 1.5 writes it. {UPGRADE}")
    return value


def write(path: Path, payload: bytes) -> None:
    """Compressed as Pagefind's own files are, with no time in the gzip header."""
    path.write_bytes(gzip.compress(SIGNATURE + payload, compresslevel=9, mtime=0))


def pagefind_hash(payload: bytes) -> str:
    """Pagefind's hex SHA-1, which writes each byte without a leading zero (0x0a is 'a')."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(payload).digest())


UPGRADE = (
    "plugins/search/stable.py knows the index of Pagefind 1.5; if Pagefind was upgraded, "
    "check whether it now writes its filters in order (and stable.py can go), or update stable.py."
)
