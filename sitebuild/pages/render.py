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

Tasks come as a stream, made as they are needed, and are written in batches
of at most BATCH tasks or BATCH_BYTES of pickled models: a 10,000-article
site's models (its feeds hold every article's text again) are never all in
memory at once. Each batch's pages are rendered by forked processes
(WRITING_PROCESSES, default one per core), each taking every Nth task. A process that meets an error says which
task; the build's own process renders that task again, so the error reaches
the build with its template and line.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import jinja2

logger = logging.getLogger(__name__)
RECORD = "pages-written"  # below CACHE_PATH: each page's key and file, for the next build
BATCH = 1000  # at most so many tasks are keyed and written at a time (a fork of the workers each)
BATCH_BYTES = 8 * 1024 * 1024  # and at most so many bytes of their models, pickled (feeds are large)


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
    return digest_and_size(model)[0]


def digest_and_size(model) -> tuple[bytes, int]:
    """A digest of a model's content, and the size of what was digested. Pickled without a memo,
    so the same content gives the same bytes whichever strings happen to be one object (models
    are trees, never cycles)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(model)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest(), buffer.tell()


class Writer:
    """Writes a build's tasks into `output` (the staging folder)."""

    def __init__(self, environment: jinja2.Environment, theme: bytes, site, output: Path):
        self.environment = environment
        self.site = site
        self.output = output
        self.common = hashlib.blake2b(theme + model_digest(site), digest_size=16).digest()

    def key(self, task) -> bytes:
        return self.key_and_size(task)[0]

    def key_and_size(self, task) -> tuple[bytes, int]:
        """The task's key, and the size of its model pickled."""
        if isinstance(task.template, Renderer):
            depends_on = task.template.digest
        else:
            depends_on = self.common + task.template.encode()
        digest, size = digest_and_size(task.page)
        return hashlib.blake2b(depends_on + digest, digest_size=16).digest(), size

    def keyed_batches(self, tasks: Iterable) -> Iterator[tuple[list, list[bytes]]]:
        """`tasks` with their keys, in batches of at most BATCH tasks and BATCH_BYTES of models,
        each task made only when its batch is."""
        batch, keys, size = [], [], 0
        for task in tasks:
            key, task_size = self.key_and_size(task)
            batch.append(task)
            keys.append(key)
            size += task_size
            if len(batch) >= BATCH or size >= BATCH_BYTES:
                yield batch, keys
                batch, keys, size = [], [], 0
        if batch:
            yield batch, keys

    def write(
        self, tasks: Iterable, processes: int = 1, reuse_from: Path | None = None, last: dict | None = None
    ) -> dict[str, Written]:
        """Write every task (linking the unchanged ones from `reuse_from` when `last` says they are),
        BATCH at a time; the record of what was written, for the next build."""
        record: dict[str, Written] = {}
        written_by: dict[str, Any] = {}  # each file's task, without its model: to name a duplicate
        rendered, used = 0, 1
        for batch, keys in self.keyed_batches(tasks):
            check_no_duplicates(batch, written_by)
            to_render = [
                task
                for task, key in zip(batch, keys, strict=True)
                if not (reuse_from and last and self.link(task.save_as, key, reuse_from, last))
            ]
            used = max(used, self.render_all(to_render, processes))
            rendered += len(to_render)
            for task, key in zip(batch, keys, strict=True):
                record[task.save_as] = Written(key, identity(self.output / task.save_as))
        logger.info(
            "pages: %d rendered in %d process%s, %d linked from the live site",
            rendered,
            used,
            "" if used == 1 else "es",
            len(record) - rendered,
        )
        return record

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

    def render_all(self, tasks: Sequence, processes: int) -> int:
        """Render `tasks` in up to `processes` forked processes; how many processes did."""
        if processes <= 1 or len(tasks) < 2 * processes or threading.active_count() > 1:
            for task in tasks:
                self.render(task)  # alone: a preview's threads and a fork do not mix
            return 1
        _job.update(writer=self, tasks=tasks, processes=processes)  # forked workers find them here
        try:
            with get_context("fork").Pool(processes) as pool:
                failed = [
                    number for numbers in pool.map(render_share, range(processes)) for number in numbers
                ]
        finally:
            _job.clear()
        for number in failed[:1]:
            self.render(tasks[number])  # again here, so the error names its template and line
        return processes

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


_job: dict = {}  # the writer and tasks of the pages being rendered on every core


def render_share(share: int) -> list[int]:
    """In a forked worker: render every Nth task from `share`; the numbers of those that failed."""
    writer, tasks, processes = _job["writer"], _job["tasks"], _job["processes"]
    failed = []
    for number in range(share, len(tasks), processes):
        try:
            writer.render(tasks[number])
        except Exception:  # reported by number; the build's own process renders it again
            failed.append(number)
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
