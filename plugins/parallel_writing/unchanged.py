"""Pages that did not change since the last build: linked from the live site instead of rendered.

Each write (one `write_file` call: a post's page, or all the pages of one
listing) has a key (keys.py). The last build's writes are remembered in
CACHE_PATH/written-pages: for each write, by the name it writes, its key and the
files it made, each with its identity on disk (inode, size, modification time).
When a write of this build has the same key, and each of its files is still
that same file in the live output folder, the files are hard-linked into the
new output instead of rendered. A file that changed since, or is missing, and a
write whose key cannot be made, mean the write is rendered as usual.

A linked file is never written through: the writer deletes the link before it
writes a file of that name (sharing.py), so the live site is never changed by
a build that is still running.

Settings: REUSE_UNCHANGED_PAGES (development only), CACHE_PATH, and
REUSE_PAGES_FROM, the live output folder, which sitebuild sets for each build
(a build writes into a new folder that replaces the live one when it succeeds).
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path
from typing import NamedTuple

from .keys import WriteKeys

log = logging.getLogger(__name__)
FORMAT = 1


class Written(NamedTuple):
    key: str
    files: tuple[tuple[str, tuple[int, int, int]], ...]  # (path below the output folder, identity)


def identity(path: str | Path) -> tuple[int, int, int]:
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


class PageReuse:
    """The last build's writes, and this build's, as this process makes them."""

    def __init__(self, settings: dict, context: dict, output_path: str):
        self.keys = WriteKeys(settings, context)
        self.live = os.path.abspath(settings["REUSE_PAGES_FROM"])
        self.output = os.path.abspath(output_path)
        self.record = Path(settings["CACHE_PATH"]) / "written-pages"
        self.last = load(self.record)
        self.now: dict[str, Written] = {}

    def reusable(self, name: str, key: str | None) -> list[str] | None:
        """The files of write `name` to link, if the last build made them with `key` and none changed."""
        written = self.last.get(name)
        if key is None or written is None or written.key != key:
            return None
        try:
            if any(identity(os.path.join(self.live, path)) != same for path, same in written.files):
                return None
        except OSError:
            return None
        return [path for path, _ in written.files]

    def link(self, name: str, files: list[str]) -> None:
        """Link the files of write `name` from the live site into the new output."""
        for path in files:
            source, target = os.path.join(self.live, path), os.path.join(self.output, path)
            try:
                os.link(source, target)
            except FileNotFoundError:  # its folder is not made yet
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.link(source, target)
            except FileExistsError:  # written by an earlier attempt (sharing.py writes again after a failure)
                os.unlink(target)
                os.link(source, target)
        self.now[name] = self.last[name]

    def remember(self, name: str, key: str, paths: list[str]) -> None:
        """Note the files this process wrote for write `name` (absolute paths in the new output)."""
        self.now[name] = Written(
            key, tuple((os.path.relpath(path, self.output), identity(path)) for path in paths)
        )

    def hand_over(self) -> None:
        """In a writing process other than the build's own: leave this process's writes for it to merge."""
        save(self.record.with_name(f"{self.record.name}.{os.getpid()}"), self.now)

    def take_over(self, pids: list[int]) -> None:
        for pid in pids:
            handed = self.record.with_name(f"{self.record.name}.{pid}")
            self.now.update(load(handed))  # each write is made by one process (sharing.py)
            handed.unlink(missing_ok=True)

    def save(self) -> None:
        save(self.record, self.now)
        log.info("writing: %d writes remembered for the next build", len(self.now))


def load(path: Path) -> dict[str, Written]:
    try:
        with open(path, "rb") as record:
            form, writes = pickle.load(record)
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        return {}
    return writes if form == FORMAT else {}


def save(path: Path, writes: dict[str, Written]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "wb") as record:
        pickle.dump((FORMAT, writes), record, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)
