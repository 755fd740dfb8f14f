"""Reading only what changed: the content objects of unchanged files, kept between builds.

Pelican's content cache keeps each file's converted Markdown, yet every build
still makes a content object from it for every file: Pelican's fields, the
content model's normalising, excerpts, addresses (about 1.4 ms a file, 14 s at
10,000 files). Here each object is kept as well, pickled as it stood just after
its file was read (before related posts, statuses and other per-build fields
are added), and a later build unpickles it instead of making it again when:

- the file's bytes are the same (CHECK_MODIFIED_METHOD, as the content cache), and
- everything else the object was made from is the same: Python's, Pelican's and
  Markdown's versions, the settings and the plugins' code (the site key).

A file whose reading found a problem is never kept: it is read again, and its
problems reported, on every build until it is fixed. A kept object is handed to
`recheck` as it is taken, for the checks that look beyond its own file. An object
refers to the settings and the build's shared context by a token, so an unpickled
object points to this build's, never to copies of the last one's.

Settings, as for Pelican's cache: CACHE_CONTENT (on: objects are kept; hooks.py
installs the cache only then), LOAD_CONTENT_CACHE (on: kept objects are used), CACHE_PATH.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from pelican.urlwrappers import URLWrapper
from pelican_internals import use_object_cache

from .clock import NOW_SETTING
from .progress import reading_progress

# Settings that differ from build to build, or steer how a build runs, and shape no content object
# (the preview's quick builds turn the search index and page reuse off: they share the objects).
PER_BUILD_SETTINGS = (
    "OUTPUT_PATH",
    NOW_SETTING,
    "READING_PROCESSES",
    "WRITING_PROCESSES",
    "SEARCH_INDEX",
    "SEARCH_REUSE_BUNDLES",
    "SEARCH_INDEX_LATER",
    "REUSE_UNCHANGED_PAGES",
    "REUSE_PAGES_FROM",
)
FORMAT = 2  # raise when what the cache file holds changes shape
# The libraries whose code shapes a kept object: reading, typography, the sanitiser.
LIBRARIES = ("pelican", "markdown", "typogrify", "smartypants", "nh3", "selectolax")


class ObjectCache:
    """One generator's kept content objects, standing in for Pelican's generator-level cache.

    `problems_found()` counts the problems the content model has found so far this
    build; `recheck(content)` checks a kept object again.
    """

    def __init__(self, generator, problems_found: Callable[[], int], recheck: Callable):
        settings = generator.settings
        self.generator = generator
        self.problems_found = problems_found
        self.recheck = recheck
        self.file = Path(settings["CACHE_PATH"]) / f"{type(generator).__name__}-objects"
        self.key = site_key(settings)
        self.kept: dict[str, tuple[bytes, bytes]] = self.load() if settings.get("LOAD_CONTENT_CACHE") else {}
        self.met: dict[str, tuple[bytes, bytes]] = {}  # this build's files: what is saved
        self.problems_before = 0

    def install(self) -> None:
        """Take the place of the generator's own cache (CONTENT_CACHING_LAYER "generator"), and be
        found as `object_cache` by what asks which files are kept (prefetch.py)."""
        self.generator.object_cache = self
        use_object_cache(self.generator, self)  # Pelican's own methods, replaced: see pelican_internals

    def keeps(self, filename: str) -> bool:
        """Whether the object of `filename` is kept and its file unchanged (nothing is unpickled)."""
        entry = self.kept.get(filename)
        return entry is not None and entry[0] == self.generator._get_file_stamp(filename)

    def get_cached_data(self, filename: str, default=None):
        """The object kept for `filename` if its file is unchanged, else `default` (Pelican reads it)."""
        self.problems_before = self.problems_found()
        entry = self.kept.get(filename)
        if entry is None or entry[0] != self.generator._get_file_stamp(filename):
            return default
        reading_progress.send(self.generator)  # as each file read sends a preread signal
        self.met[filename] = entry
        content = self.unpickle(entry[1])
        self.recheck(content)
        return content

    def cache_data(self, filename: str, content) -> None:
        """Keep the object just read from `filename`, unless reading it found a problem."""
        if self.problems_found() == self.problems_before:
            data = self.pickle(content)
            self.met[filename] = (self.generator._get_file_stamp(filename), data)

    def save_cache(self) -> None:
        """Write this build's entries (a deleted file's go), unless they are what was loaded; then
        let both go. Pelican saves once every file is read, after which nothing asks for a kept
        object, and the preview keeps the generator, and so this cache, until its next build:
        the entries are the pickled objects, 30 MB at 10,000 articles."""
        try:
            if self.met != self.kept:
                self.write(self.met)
        finally:
            self.kept, self.met = {}, {}

    def write(self, entries: dict[str, tuple[bytes, bytes]]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        with open(partial, "wb") as out:
            pickle.dump((FORMAT, self.key, entries), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.file)  # a build stopped while saving leaves the last whole file

    def load(self) -> dict[str, tuple[bytes, bytes]]:
        try:
            with open(self.file, "rb") as kept:
                form, key, entries = pickle.load(kept)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            return {}  # none yet, or damaged: every file is read
        return entries if (form, key) == (FORMAT, self.key) else {}

    def shared(self) -> dict:
        return {"settings": self.generator.settings, "context": self.generator.context}

    def pickle(self, content) -> bytes:
        buffer = io.BytesIO()
        TokenPickler(buffer, self.shared()).dump(content)
        return buffer.getvalue()

    def unpickle(self, data: bytes):
        return TokenUnpickler(io.BytesIO(data), self.shared()).load()


class TokenPickler(pickle.Pickler):
    """Pickles a content object with a token in place of the settings and the shared context.

    A tag, category or author is kept without its settings: one that came from
    Pelican's content cache holds an unpickled copy of them, not the build's. Each
    is numbered, so that one the object refers to twice (its `category` and its
    metadata's) is one object again when unpickled, as it was when read; pickle's
    own memo does not cover what `persistent_id` stands in for.
    """

    def __init__(self, file, shared: dict):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.tokens = {id(value): name for name, value in shared.items()}
        self.wrappers: dict[int, int] = {}  # id of each wrapper met: its number in this pickle

    def persistent_id(self, value):
        if isinstance(value, URLWrapper):
            number = self.wrappers.setdefault(id(value), len(self.wrappers))
            fields = {name: field for name, field in vars(value).items() if name != "settings"}
            return ("wrapper", number, type(value), fields)
        return self.tokens.get(id(value))


class TokenUnpickler(pickle.Unpickler):
    def __init__(self, file, shared: dict):
        super().__init__(file)
        self.shared = shared
        self.wrappers: dict[int, URLWrapper] = {}  # by their number in the pickle

    def persistent_load(self, token):
        if isinstance(token, tuple):  # a tag, category or author, given this build's settings
            _, number, kind, fields = token
            if number not in self.wrappers:
                wrapper = kind.__new__(kind)
                wrapper.__dict__.update(fields, settings=self.shared["settings"])
                self.wrappers[number] = wrapper
            return self.wrappers[number]
        return self.shared[token]


def site_key(settings: dict) -> str:
    """What every kept object was made from besides its file: versions, settings, plugin code."""
    digest = hashlib.sha256(sys.version.encode())
    for library in LIBRARIES:
        digest.update(f"\n{library} {version(library)}".encode())
    digest.update(settings_digest(settings))
    for folder in settings.get("PLUGIN_PATHS", ()):
        for path in sorted(Path(folder).rglob("*.py")):
            digest.update(b"\n" + path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def settings_digest(settings: dict) -> bytes:
    """The settings that shape what a build makes, as a digest that is the same in every build."""
    digest = hashlib.sha256()
    for name in sorted(settings):
        if name not in PER_BUILD_SETTINGS:
            digest.update(f"\n{name}={stable_repr(settings[name])}".encode())
    return digest.digest()


def stable_repr(value) -> str:
    """A setting's value as text that is the same in every build (no memory addresses)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=str)
        return "{" + ", ".join(f"{stable_repr(key)}: {stable_repr(item)}" for key, item in items) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return f"{type(value).__name__}(" + ", ".join(stable_repr(item) for item in items) + ")"
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return repr(value)
