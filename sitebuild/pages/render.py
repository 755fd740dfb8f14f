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

A file that is not an HTML page (a feed, a calendar, the sitemap) is a task
too, whose `template` is a `Renderer` (renderers.py): a function from its
model to the file's bytes. Its key is a digest of its model and of the
renderer's own digest (its code, and the versions of the libraries that
write the bytes), and it is linked or written like a page.

Tasks come as a stream, each made when the writer asks for it, and each is
written before many more are made: a 10,000-article site's models (its feeds
hold every article's text again) are never all in memory at once. Pages are
rendered by WRITING_PROCESSES (default one per core) processes forked once,
fed in chunks the pickled models their keys were made from, with only a few
chunks per process waiting at any time. A process that meets an error says
which task; the build's own process renders that task again, so the error
reaches the build with its template and line. (A process with threads, the
preview's, renders in itself: threads and a fork do not mix.)
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

import jinja2

logger = logging.getLogger(__name__)
RECORD = "pages-written"  # below CACHE_PATH: each page's key and file, for the next build
CHUNK = 32  # tasks sent to a rendering process at a time
WAITING = 4  # chunks per rendering process sent and not yet rendered: the models the build holds


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
    return pickled_with_digest(model)[0]


def pickled_with_digest(model) -> tuple[bytes, bytes]:
    """A digest of a model's content, and the pickle it was made from. Pickled without a memo,
    so the same content gives the same bytes whichever strings happen to be one object (models
    are trees, never cycles)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(model)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest(), buffer.getvalue()


class Writer:
    """Writes a build's tasks into `output` (the staging folder)."""

    def __init__(self, environment: jinja2.Environment, theme: bytes, site, output: Path):
        self.environment = environment
        self.site = site
        self.output = output
        self.common = hashlib.blake2b(theme + model_digest(site), digest_size=16).digest()

    def key(self, task) -> bytes:
        return self.key_and_pickle(task)[0]

    def key_and_pickle(self, task) -> tuple[bytes, bytes]:
        """The task's key, and its model pickled (what the key was made from)."""
        if isinstance(task.template, Renderer):
            depends_on = task.template.digest
        else:
            depends_on = self.common + task.template.encode()
        digest, pickled = pickled_with_digest(task.page)
        return hashlib.blake2b(depends_on + digest, digest_size=16).digest(), pickled

    def write(
        self, tasks: Iterable, processes: int = 1, reuse_from: Path | None = None, last: dict | None = None
    ) -> dict[str, Written]:
        """Write every task as it comes (linking the unchanged ones from `reuse_from` when `last`
        says they are); the record of what was written, for the next build."""
        keys: dict[str, bytes] = {}
        written_by: dict[str, Any] = {}  # each file's task, without its model: to name a duplicate
        with Rendering(self, processes) as rendering:
            for task in tasks:
                check_no_duplicates([task], written_by)
                key, pickled = self.key_and_pickle(task)
                keys[task.save_as] = key
                if not (reuse_from and last and self.link(task.save_as, key, reuse_from, last)):
                    rendering.add(task, pickled)
        logger.info(
            "pages: %d rendered in %d process%s, %d linked from the live site",
            rendering.count,
            rendering.processes,
            "" if rendering.processes == 1 else "es",
            len(keys) - rendering.count,
        )
        return {save_as: Written(key, identity(self.output / save_as)) for save_as, key in keys.items()}

    def link(self, save_as: str, key: bytes, live: Path, last: dict) -> bool:
        """Hard-link the live output's file when it is the one written with this key; True if linked."""
        written = last.get(save_as)
        source = live / save_as
        if written is None or written.key != key:
            return False
        try:
            if identity(source) != written.identity:
                return False
            target = self.output / save_as
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)
        except OSError:
            return False
        return True

    def render(self, task) -> None:
        if isinstance(task.template, Renderer):
            data = task.template.render(task.page)
        else:
            template = self.environment.get_template(task.template)
            data = template.render(page=task.page, site=self.site).encode("utf-8")
        path = inside(self.output, task.save_as)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        os.replace(partial, path)  # a file is whole or absent, never half written


class Job(NamedTuple):
    """What a rendering process is sent of a task: its file, its template and its model."""

    save_as: str
    template: str | Renderer
    page: Any


class Rendering:
    """Renders the tasks it is given: in this process, or in processes forked at the first task,
    sent chunks of CHUNK pickled models and never more than WAITING chunks each ahead."""

    def __init__(self, writer: Writer, processes: int):
        self.writer = writer
        self.processes = processes if processes > 1 and threading.active_count() == 1 else 1
        self.count = 0  # tasks rendered
        self.pool = None
        self.chunk: list[tuple] = []
        self.sent: deque = deque()
        self.failed: list[tuple] = []

    def __enter__(self) -> Rendering:
        return self

    def add(self, task, pickled: bytes) -> None:
        self.count += 1
        if self.processes == 1:
            self.writer.render(task)
            return
        self.chunk.append((task.save_as, task.template, pickled))
        if len(self.chunk) == CHUNK:
            self.send()

    def send(self) -> None:
        if self.pool is None:
            _writers["writer"] = self.writer  # the forked processes find it here
            self.pool = get_context("fork").Pool(self.processes)
        self.sent.append(self.pool.apply_async(render_pickled, (self.chunk,)))
        self.chunk = []
        while len(self.sent) > WAITING * self.processes:
            self.failed += self.sent.popleft().get()

    def __exit__(self, kind, error, traceback) -> None:
        try:
            if error is None and self.processes > 1:
                if self.chunk:
                    self.send()
                while self.sent:
                    self.failed += self.sent.popleft().get()
        finally:
            if self.pool is not None:
                if error is None:
                    self.pool.close()  # every chunk is rendered: let the processes end
                else:
                    self.pool.terminate()
                self.pool.join()
            _writers.clear()
        for save_as, template, pickled in self.failed[:1] if error is None else ():
            self.writer.render(Job(save_as, template, pickle.loads(pickled)))  # the error, with its line


_writers: dict = {}  # the writer whose pages the forked processes render


def render_pickled(jobs: list[tuple]) -> list[tuple]:
    """In a forked process: render each (save_as, template, pickled model); those that failed."""
    writer = _writers["writer"]
    failed = []
    for save_as, template, pickled in jobs:
        try:
            writer.render(Job(save_as, template, pickle.loads(pickled)))
        except Exception:  # sent back; the build's own process renders it again
            failed.append((save_as, template, pickled))
    return failed


def check_no_duplicates(tasks: Sequence, seen: dict[str, Any] | None = None) -> None:
    """Stop at a file two tasks would write; `seen` holds the tasks (without models) met before."""
    seen = {} if seen is None else seen
    for task in tasks:
        if task.save_as in seen:
            raise PageError(
                f"two pages would be written to {task.save_as}: {describe(seen[task.save_as])} and {describe(task)}"
            )
        seen[task.save_as] = replace(task, page=None)


def describe(task) -> str:
    source = getattr(task.item, "source_path", None)
    if source:
        return source
    if isinstance(task.template, Renderer):
        return task.template.name
    return f"the {task.template.removesuffix('.html')} page"


def inside(output: Path, save_as: str) -> Path:
    path = (output / save_as).resolve()
    if not path.is_relative_to(output.resolve()):
        raise PageError(f"a page would be written outside the output folder: {save_as}")
    return path


def identity(path: Path) -> tuple[int, int, int]:
    status = path.stat()
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
