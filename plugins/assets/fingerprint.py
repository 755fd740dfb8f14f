"""Content-hashed names for the theme's files, so browsers and CDNs may keep them for a year.

`css/site.css` is published as `theme/css/site.3f2a9c1b.css`: the name changes
whenever the bytes do, so a page never meets a stale copy of its stylesheet or
script, and the files can be served with `Cache-Control: immutable`. The
unhashed names are not published at all, so nothing can link to them by mistake.
No Pelican here: the hooks pass folders in and get names out.
"""

from __future__ import annotations

import fnmatch
import hashlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

HASH_LENGTH = 8  # hex digits of the file's SHA-256 in its name: plenty to tell versions of one file apart


class UnknownAsset(Exception):
    """A template named a theme file that does not exist."""


def hashed_name(relative: str, data: bytes) -> str:
    """'css/site.css' and its bytes -> 'css/site.3f2a9c1b.css'."""
    path = PurePosixPath(relative)
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def theme_files(sources: Iterable[Path], ignore: Iterable[str] = ()) -> dict[str, Path]:
    """Each theme file by the name Pelican publishes it under (below THEME_STATIC_DIR).

    `sources` are the theme's THEME_STATIC_PATHS: a folder's files keep their
    place below it, a single file lands at the top, and a later source replaces
    an earlier file of the same name, as Pelican copies them. Names matching an
    `ignore` pattern (Pelican's IGNORE_FILES) are not copied, so not listed.
    """
    ignore = list(ignore)
    files: dict[str, Path] = {}
    for source in sources:
        if source.is_dir():
            found = {path.relative_to(source).as_posix(): path for path in sorted(source.rglob("*"))}
        else:
            found = {source.name: source}
        for name, path in found.items():
            if path.is_file() and not any(fnmatch.fnmatch(path.name, pattern) for pattern in ignore):
                files[name] = path
    return files


def manifest(files: dict[str, Path]) -> dict[str, str]:
    """{'css/site.css': 'css/site.3f2a9c1b.css', ...} for the files `theme_files` found."""
    return {name: hashed_name(name, path.read_bytes()) for name, path in files.items()}


def asset_url(names: dict[str, str], siteurl: str, static_dir: str, name: str) -> str:
    """The address a page uses for theme file `name`: '{siteurl}/theme/css/site.3f2a9c1b.css'."""
    try:
        hashed = names[name]
    except KeyError:
        known = ", ".join(sorted(names)) or "none"
        raise UnknownAsset(f"The theme has no file {name!r} (its files: {known})") from None
    return f"{siteurl}/{static_dir}/{hashed}"


def rename_published(folder: Path, names: dict[str, str]) -> None:
    """Give the copies Pelican published in `folder` (output/theme) their hashed names."""
    for name, hashed in names.items():
        (folder / name).replace(folder / hashed)
