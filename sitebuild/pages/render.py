"""The one writer: every page's template rendered with its model, on every core, into the output folder.

Each task (build.Task) is rendered with exactly two variables, `page` (its
model) and `site` (the chrome every page shares), so what a page shows is in
them and nowhere else. That makes a page's key sound by construction: a digest
of its model, the site model and the theme (every template file, this module,
Jinja's version). When a task's key is the one it had when the live output's
file was written, and that file is still the one written then (same inode,
size and time), the file is hard-linked into the new output instead of
rendered again. Linking is for development builds (REUSE_UNCHANGED_PAGES,
with REUSE_PAGES_FROM naming the live folder); production renders every page.
The preview's output folder is not new but recycled (sitebuild/spare.py): a
file already there is kept only when it is the live file itself, replaced
otherwise, and the pages of the last build this one does not write are removed.

A file that is not an HTML page (a feed, a calendar, the sitemap) is a task
too, whose `template` is a `Renderer` (renderers.py): a function from its
model to the file's bytes. Its key is a digest of its model and of the
renderer's own digest (its code, and the versions of the libraries that
write the bytes), and it is linked or written like a page.

Tasks come as a stream, each made when the writer asks for it and written
before the next is made: a 10,000-article site's models (its feeds hold every
article's text again) are never all in memory at once. The items' pages are
`Deferred` tasks, made by number: WRITING_PROCESSES (default one per core)
processes forked as the writing starts each make and write a share of them,
models included, while the build's own process writes the stream (listings,
feeds...). A process that meets an error says which task; the build's own
process makes and renders that task again, so the error reaches the build
with its template and line. (A process with threads, the preview's, writes
everything itself: threads and a fork do not mix.)
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import posixpath
import shutil
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import jinja2

logger = logging.getLogger(__name__)
RECORD = "pages-written"  # below CACHE_PATH: each page's key and file, for the next build
CHUNK = 32  # deferred tasks a forked process is given at a time


class PageError(Exception):
    """Two pages or files would be written to one file, or one outside the output folder."""

    stage = "writing the pages"


@dataclass(frozen=True)
class Written:
    """A file this writer made: its page's key, and the file's identity on disk."""

    key: bytes
    identity: tuple[int, int, int]  # inode, size, modification time (ns)


@dataclass(frozen=True)
class Renderer:
    """Writes a file that is not an HTML page from its model, as a template writes a page."""

    name: str  # what it writes, for messages: "an Atom feed"
    render: Callable[[Any], bytes]  # the model -> the file's bytes
    digest: bytes  # everything the bytes depend on besides the model (code_digest)


def code_digest(files: Iterable[str | Path], versions: Iterable[str]) -> bytes:
    """A renderer's digest: its code's files and the versions of what it calls ("icalendar 7.3.0")."""
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        digest.update(Path(path).read_bytes() + b"\0")
    digest.update(repr(sorted(versions)).encode())
    return digest.digest()


def theme_environment(templates: Path, options: dict) -> jinja2.Environment:
    """The theme's templates, loaded as Pelican loads them (JINJA_ENVIRONMENT), with nothing global."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), **options)
    environment.globals.clear()  # no range(), no lipsum(): a page shows its model
    return environment


def theme_digest(templates: Path, options: dict) -> bytes:
    """What every page's rendering depends on besides its model and the site model."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(
        f"jinja2 {version('jinja2')} markupsafe {version('markupsafe')} {sorted(options.items())!r}".encode()
    )
    digest.update(Path(__file__).read_bytes())
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(b"\0" + path.relative_to(templates).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def model_digest(model) -> bytes:
    """A digest of a model's content: of its pickle, made without a memo, so the same content
    gives the same bytes whichever strings happen to be one object (models are trees, never cycles)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(model)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()


@dataclass(frozen=True)
class Deferred:
    """Tasks the writer makes itself, by number (an item's page: build.SitePages). The rendering
    processes are forked with everything `make` reads, so each makes its own share of the models
    as well as rendering them: the models are made on every core, and never pickled across."""

    count: int
    make: Callable[[int], Any]  # number -> its task
    outline: Callable[[int], Any]  # number -> its task without a model (its file, to check)


class Writer:
    """Writes a build's tasks into `output` (the staging folder)."""

    def __init__(self, environment: jinja2.Environment, theme: bytes, site, output: Path):
        self.environment = environment
        self.site = site
        self.output = output
        self.common = hashlib.blake2b(theme + model_digest(site), digest_size=16).digest()
        self.reuse_from: Path | None = None  # the live folder, and its record: set by write()
        self.last: dict[str, Written] = {}

    def key(self, task) -> bytes:
        """A digest of everything the task's file depends on: its model, and its template and
        the site model (a page) or its renderer's digest (any other file)."""
        if isinstance(task.template, Renderer):
            depends_on = task.template.digest
        else:
            depends_on = self.common + task.template.encode()
        return hashlib.blake2b(depends_on + model_digest(task.page), digest_size=16).digest()

    def write(
        self,
        tasks: Iterable,
        processes: int = 1,
        reuse_from: Path | None = None,
        last: dict | None = None,
        deferred: Deferred | None = None,
    ) -> dict[str, Written]:
        """Write every task (the `deferred` ones first, then `tasks` as they come), linking the
        unchanged ones from `reuse_from` when `last` says they are; the record of what was
        written, for the next build."""
        self.reuse_from, self.last = (reuse_from, last or {}) if reuse_from else (None, {})
        deferred = deferred or Deferred(0, lambda number: None, lambda number: None)
        written_by: dict[str, Any] = {}  # each file's task, without its model: to name a duplicate
        check_no_duplicates((deferred.outline(number) for number in range(deferred.count)), written_by)
        record: dict[str, Written] = {}
        rendered = 0
        with Rendering(self, processes, deferred) as rendering:
            for task in tasks:
                check_no_duplicates([task], written_by)
                record[task.save_as], fresh = self.put(task)
                rendered += fresh
        record |= rendering.record
        if self.reuse_from:  # a recycled staging folder holds pages this build no longer writes
            remove_pages(self.output, self.last.keys() - record.keys())
        logger.info(
            "pages: %d rendered in %d process%s, %d linked from the live site",
            rendered + rendering.rendered,
            rendering.processes,
            "" if rendering.processes == 1 else "es",
            len(record) - rendered - rendering.rendered,
        )
        return record

    def put(self, task) -> tuple[Written, bool]:
        """Link or render one task: its key with its file's identity, and whether it was rendered."""
        key = self.key(task)
        linked = self.link(task.save_as, key) if self.reuse_from else None
        if linked:
            return Written(key, linked), False
        return Written(key, self.render(task)), True

    def link(self, save_as: str, key: bytes) -> tuple[int, int, int] | None:
        """Hard-link the live output's file when it is the one written with this key, or keep that
        very file if it is already there (a recycled staging folder holds the live site's pages,
        sitebuild/spare.py): the file's identity; None when it must be rendered.

        (Paths as strings: this runs for every page of a development build.)"""
        written = self.last.get(save_as)
        if written is None or written.key != key:
            return None
        name = file_name(save_as)
        source, target = os.path.join(self.reuse_from, name), os.path.join(self.output, name)
        try:
            live = os.stat(source)
            if stamp(live) != written.identity:
                return None
            there = lstat_or_none(target)
            if there is None:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.link(source, target)
            elif stat.S_ISDIR(there.st_mode):  # a recycled folder's page folder: rendered, which clears it
                return None
            elif (there.st_ino, there.st_dev) != (live.st_ino, live.st_dev):
                folder, file = os.path.split(target)
                partial = os.path.join(folder, f".{file}.{os.getpid()}.part")
                os.link(source, partial)
                try:
                    os.replace(partial, target)
                finally:
                    if os.path.lexists(partial):
                        os.unlink(partial)
        except OSError:
            return None
        return written.identity

    def render(self, task) -> tuple[int, int, int]:
        """Render one task into its file; the file's identity."""
        if isinstance(task.template, Renderer):
            data = task.template.render(task.page)
        else:
            template = self.environment.get_template(task.template)
            data = template.render(page=task.page, site=self.site).encode("utf-8")
        path = inside(self.output, task.save_as)
        make_folder(self.output, path.parent)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        try:
            os.replace(partial, path)  # a file is whole or absent, never half written
        except IsADirectoryError:  # a recycled folder's page folder where this page's file goes
            shutil.rmtree(path)
            os.replace(partial, path)
        return identity(path)


class Rendering:
    """Writes the deferred tasks: in processes forked as it starts, CHUNK numbers at a time,
    while the build's own process writes the other tasks; or all in this process, when
    there is one process or this process has threads (threads and a fork do not mix)."""

    def __init__(self, writer: Writer, processes: int, deferred: Deferred):
        self.writer = writer
        self.deferred = deferred
        self.processes = processes if processes > 1 and threading.active_count() == 1 else 1
        self.record: dict[str, Written] = {}  # each deferred task's key and file, once written
        self.rendered = 0  # deferred tasks rendered (not linked)
        self.pool = None
        self.sent: list = []

    def __enter__(self) -> Rendering:
        numbers = range(self.deferred.count)
        if self.processes == 1:
            for number in numbers:  # an error stops the build here, with its template and line
                task = self.deferred.make(number)
                self.record[task.save_as], fresh = self.writer.put(task)
                self.rendered += fresh
            return self
        _forked["writer"], _forked["deferred"] = self.writer, self.deferred  # what the forks find
        self.pool = get_context("fork").Pool(self.processes)
        self.sent = [
            self.pool.apply_async(write_forked, (numbers[start : start + CHUNK],))
            for start in range(0, len(numbers), CHUNK)
        ]
        return self

    def take(self, result: tuple[list, int, list]) -> list[int]:
        written, rendered, failed = result
        self.record.update(written)
        self.rendered += rendered
        return failed

    def __exit__(self, kind, error, traceback) -> None:
        failed = []
        try:
            if error is None:
                for result in self.sent:
                    failed += self.take(result.get())
        finally:
            if self.pool is not None:
                if error is None:
                    self.pool.close()  # every chunk is written: let the processes end
                else:
                    self.pool.terminate()
                self.pool.join()
            _forked.clear()
        for number in failed[:1] if error is None else ():
            self.writer.render(self.deferred.make(number))  # here, the error comes with its line


_forked: dict = {}  # the writer and the deferred tasks the forked processes write


def write_forked(numbers: range) -> tuple[list, int, list]:
    """In a forked process: make and write the deferred tasks `numbers`; their (file, Written)
    pairs, how many were rendered, and the numbers that failed (made again by the build's process)."""
    writer, deferred = _forked["writer"], _forked["deferred"]
    written, rendered, failed = [], 0, []
    for number in numbers:
        try:
            task = deferred.make(number)
            done, fresh = writer.put(task)
        except Exception:
            failed.append(number)
            continue
        written.append((task.save_as, done))
        rendered += fresh
    return written, rendered, failed


def check_no_duplicates(tasks: Iterable, seen: dict[str, Any] | None = None) -> None:
    """Stop at a file two tasks would write, or that one would write where another's folder goes;
    `seen` holds the tasks (without models) met before, by file and by folder ("blog/a/")."""
    seen = {} if seen is None else seen
    for task in tasks:
        outline = replace(task, page=None)
        if task.save_as in seen:
            raise PageError(
                f"two pages would be written to {task.save_as}: {describe(seen[task.save_as])} and {describe(task)}"
            )
        if task.save_as + "/" in seen:
            raise PageError(in_the_way(task, seen[task.save_as + "/"], task.save_as))
        parts = task.save_as.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder in seen:
                raise PageError(in_the_way(seen[folder], task, folder))
            seen.setdefault(folder + "/", outline)
        seen[task.save_as] = outline


def in_the_way(file_task, folder_task, path: str) -> str:
    return (
        f"{describe(file_task)} would be written to {path}, where {describe(folder_task)} needs a folder: "
        "give one of them another address"
    )


def describe(task) -> str:
    source = getattr(task.item, "source_path", None)
    if source:
        return source
    if isinstance(task.template, Renderer):
        return task.template.name
    return f"the {task.template.removesuffix('.html')} page"


class OutsideOutput(ValueError):
    """A *_SAVE_AS setting names a file outside the output folder."""

    stage = "writing the files"


def check_inside_output(saved_as: str, setting: str) -> None:
    """A setting may not choose a file outside the output folder ('../x', '/x')."""
    path = posixpath.normpath(saved_as.replace("\\", "/"))
    if path == ".." or path.startswith(("../", "/")):
        raise OutsideOutput(
            f"{setting} is {saved_as!r}, which is outside the output folder; name a file inside it"
        )


def inside(output: Path, save_as: str) -> Path:
    path = (output / file_name(save_as)).resolve()
    if not path.is_relative_to(output.resolve()):
        raise PageError(f"a page would be written outside the output folder: {save_as}")
    return path


def file_name(save_as: str) -> str:
    """`save_as` as the file system takes it: its name in UTF-8 whatever the locale. With LC_ALL=C,
    Python's file names are ASCII and a redirect page at /blog/article/café could not be written;
    surrogate escapes carry its UTF-8 bytes through (no change where the locale is UTF-8)."""
    return os.fsdecode(save_as.encode("utf-8", "surrogateescape"))


def make_folder(output: Path, folder: Path) -> None:
    """Make `folder` below `output`; a file that stands where one of its folders goes is removed
    first, as a recycled staging folder (sitebuild/spare.py) may hold a page there from before.
    (Never a page of this build: check_no_duplicates stops a build whose pages are in each
    other's way before it writes the second.)"""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    place = output = output.resolve()
    for part in folder.relative_to(output).parts:
        place = place / part
        if place.is_symlink() or (place.exists() and not place.is_dir()):
            place.unlink()
            break
    folder.mkdir(parents=True, exist_ok=True)


def remove_pages(output: Path, pages: Iterable[str]) -> None:
    """Remove the files of `pages` (each a `save_as`) from `output` where they are, and the
    folders they leave empty."""
    output = output.resolve()
    for save_as in pages:
        path = inside(output, save_as)
        try:
            path.unlink()
        except OSError:  # not there (a new staging folder), or a folder
            continue
        for folder in path.parents:
            if folder == output:
                break
            try:
                folder.rmdir()
            except OSError:  # not empty
                break


def lstat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def identity(path: Path) -> tuple[int, int, int]:
    return stamp(path.stat())


def stamp(status: os.stat_result) -> tuple[int, int, int]:
    """A file's identity: inode, size, modification time (ns)."""
    return status.st_ino, status.st_size, status.st_mtime_ns


def load_record(cache: Path) -> dict[str, Written]:
    try:
        with open(cache / RECORD, "rb") as file:
            return pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
        return {}


def save_record(cache: Path, record: dict[str, Written]) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    partial = cache / f".{RECORD}.{os.getpid()}"
    with open(partial, "wb") as file:
        pickle.dump(record, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, cache / RECORD)
