"""Writing the blog's pages on every core.

Pelican renders pages one after another in one process: at 10,000 articles,
about 20,000 pages and 2,000 feeds, a quarter of a cold build. Here the build
forks before the articles generator writes, and every process runs the same
generator over the same data. Each write (one `write_file` call: a post's
page, or all the pages of one listing) and each feed is made by whichever
process reaches it first (a claim in shared memory), so the faster process
takes more and the work stays balanced; for a write another process claimed,
a process skips the rendering and the files, and does everything else. The
process making a write links its files from the last build instead of
rendering them when nothing they show has changed (unchanged.py).

What "everything else" keeps:
- every process sends `content_written` for every page, with the page's own
  context, so a plugin collecting pages (the sitemap) sees all of them in the
  build's own process, whichever process wrote the file;
- every process notes every file name, so Pelican's check that no two pages
  are written to one file still works: the process writing the second file
  stops with Pelican's own error.

If another process fails (a template error in a page it claimed, say), the
build's own process writes every page again, alone, so the error surfaces
here with its template and line, as in a build without sharing. The output is
the same with one process or several: tests/sites/test_writing.py.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import mmap
import os
import signal
import threading
from multiprocessing import get_context

from pelican import signals
from pelican.utils import sanitised_join

from .unchanged import PageReuse

log = logging.getLogger(__name__)
WRITER_LOG = logging.getLogger("pelican.writers")

WRAPPED = ("write_file", "write_feed", "_open_w")  # the writer's methods a SharedWriter stands in for
MOST_PAGES = 1 << 22  # claims a build can hold (4 MB of shared memory, touched only as far as used)


class PageClaims:
    """Which process writes each page (or feed), counted in the order every process meets them.

    The claims live in memory shared by forked processes: the first process to
    reach page number N takes it, the others skip it.
    """

    def __init__(self, capacity: int = MOST_PAGES):
        self._claimed = mmap.mmap(-1, capacity)  # anonymous and shared: forked processes see one copy
        self._lock = get_context("fork").Lock()
        self.reached = 0  # pages this process has reached so far
        self.taken = 0  # of which it claimed
        self.process_number = 0  # 0 is the build's own process

    def claim_next(self) -> bool:
        """True if this process writes the next page it meets."""
        number = self.reached
        self.reached += 1
        if number >= len(self._claimed):  # past the capacity (never on a real site): the build's own
            self.taken += self.process_number == 0
            return self.process_number == 0
        with self._lock:
            if self._claimed[number]:
                return False
            self._claimed[number] = 1
        self.taken += 1
        return True


class SharedWriter:
    """Makes one Pelican writer write only the pages its process claims, while it is `installed`.

    It wraps the writer's instance (so any writer class works: the preview's,
    the benchmark's timing one) and relies on three parts of Pelican's Writer:
    write_file renders with `template.render` and opens the file with
    `_open_w`; write_feed opens with `_open_w`; both note file names in
    `_written_files` and `_overridden_files`. Pelican's version is pinned.
    """

    def __init__(self, writer, claims, reuse: PageReuse | None = None):
        self.writer = writer
        self.claims = claims
        self.reuse = reuse
        self.output = os.path.abspath(writer.output_path)
        self.skipping = False  # the page being written now belongs to another process
        self.skipped: set[str] = set()
        self.opened: list[str] = []  # the files this process wrote for the write under way
        self.linked = 0

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        """Pelican's write_file, with each write (a page, or a listing's pages) made by one process.

        A write another process claimed goes through Pelican with a template that
        renders nothing, so this process notes its files and sends its signals.
        """
        options = (relative_urls, paginated, template_name, override_output, url)
        if not name:
            return None
        if not self.claims.claim_next():
            return self._write_file(name, SkippedTemplate(self), context, *options, **kwargs)
        key = self.reuse.keys.key(name, template, context, options, kwargs) if self.reuse else None
        files = self.reuse.reusable(name, key) if key else None
        if files is not None and not any(
            self.in_output(path) in self.writer._written_files for path in files
        ):
            return self.link(name, files, kwargs, override_output)
        self.opened = []
        self._write_file(name, template, context, *options, **kwargs)
        if key:
            self.reuse.remember(name, key, self.opened)
        return None

    def link(self, name: str, files: list[str], kwargs: dict, override: bool) -> None:
        """An unchanged write: its files are linked, noted, and signalled as Pelican would."""
        self.reuse.link(name, files)
        self.linked += len(files)
        for path in files:
            self.note_file(self.in_output(path), override)
            signals.content_written.send(self.in_output(path), context={**kwargs, "output_file": path})

    def in_output(self, path: str) -> str:
        """A path below the output folder as Pelican notes it (`path` is already normalised)."""
        return os.path.join(self.output, path)

    def write_feed(
        self, elements, context, path=None, url=None, feed_type="atom", override_output=False, feed_title=None
    ):
        """A feed another process claimed is neither built nor sent to `feed_generated` here."""
        if not path or self.claims.claim_next():
            return self._write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        self.note_file(sanitised_join(self.writer.output_path, path), override_output)
        return None

    def open_file(self, filename, encoding, override=False):
        if self.skipping:
            self.skipping = False
            self.note_file(filename, override)
            self.skipped.add(filename)
            return NullFile()
        if self.reuse and filename not in self.writer._overridden_files:  # Pelican is about to write it
            with contextlib.suppress(FileNotFoundError):
                os.unlink(filename)  # a linked file is never written through: it is the live site's too
        opened = self._open_w(filename, encoding, override)
        if opened.name != os.devnull:
            self.opened.append(filename)
        return opened

    def note_file(self, filename: str, override: bool) -> None:
        """Note a file another process writes, as Pelican's _open_w notes the ones it writes."""
        if override:
            self.writer._overridden_files.add(filename)
        self.writer._written_files.add(filename)

    def install(self) -> None:
        writer = self.writer
        self._own = {name: writer.__dict__.get(name) for name in WRAPPED}  # set on the instance before
        self._write_file, self._write_feed, self._open_w = (getattr(writer, name) for name in WRAPPED)
        writer.write_file, writer.write_feed, writer._open_w = (
            self.write_file,
            self.write_feed,
            self.open_file,
        )
        WRITER_LOG.addFilter(self.not_skipped)

    def remove(self) -> None:
        for name, own in self._own.items():
            if own is None:
                self.writer.__dict__.pop(name, None)  # the class's method again
            else:
                setattr(self.writer, name, own)
        WRITER_LOG.removeFilter(self.not_skipped)

    def not_skipped(self, record: logging.LogRecord) -> bool:
        """Pelican logs 'Writing <path>' for every page: only the process that wrote it says so."""
        return not (isinstance(record.args, tuple) and record.args and record.args[0] in self.skipped)


class SkippedTemplate:
    """The template of a write another process makes: each page renders as nothing, and its file is not opened."""

    def __init__(self, writer: SharedWriter):
        self.writer = writer

    def render(self, context) -> str:
        self.writer.skipping = True  # the writer's next open_file is for this page
        return ""


class NullFile:
    """Where a page another process writes goes: nowhere."""

    def write(self, text: str) -> int:
        return len(text)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


class EveryClaim:
    """The claims of a process writing alone: it writes every page."""

    process_number = 0

    def __init__(self):
        self.reached = self.taken = 0

    def claim_next(self) -> bool:
        self.reached += 1
        self.taken += 1
        return True


def write_on_all_cores(generate_output, writer, processes: int, reuse: PageReuse | None = None) -> None:
    """Run `generate_output(writer)` in `processes` processes, each page written once.

    With `reuse`, a write whose pages did not change since the last build is linked (unchanged.py).
    """
    if processes < 2 or threading.active_count() > 1:
        # One process; and never fork a process with other threads (the preview's server):
        # their locks would stay held in the copy.
        return write_alone(generate_output, writer, reuse)
    return share_out(generate_output, writer, processes, reuse)


def write_alone(generate_output, writer, reuse: PageReuse | None = None) -> None:
    if reuse is None:
        return generate_output(writer)
    return write_share(generate_output, writer, EveryClaim(), reuse)


def share_out(generate_output, writer, processes: int, reuse: PageReuse | None = None) -> None:
    """Fork `processes` - 1 more processes, and each writes the pages it claims."""
    notes = (set(writer._written_files), set(writer._overridden_files))
    claims = PageClaims()
    gc.freeze()  # the copies then share the objects' memory instead of each touching it
    children = [fork_writer(generate_output, writer, claims, number, reuse) for number in range(1, processes)]
    try:
        write_share(generate_output, writer, claims, reuse)
    except BaseException:  # an error here, or Ctrl+C: the other processes' work is not wanted
        stop(children)
        raise
    finally:
        gc.unfreeze()
    if wait_for(children):
        log.info("writing: another process failed; writing every page here to find out why")
        writer._written_files, writer._overridden_files = notes
        if reuse:
            reuse.now.clear()
        write_alone(generate_output, writer, reuse)
    elif reuse:
        reuse.take_over(children)


def fork_writer(generate_output, writer, claims: PageClaims, number: int, reuse: PageReuse | None) -> int:
    """Start process `number` writing its share; its pid. It leaves with status 0 if it wrote it all."""
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        claims.process_number = number
        write_share(generate_output, writer, claims, reuse)
        if reuse:
            reuse.hand_over()
        status = 0
    except BaseException:  # noqa: BLE001, S110 - the build's own process writes every page again and reports it
        pass
    finally:
        os._exit(status)


def write_share(generate_output, writer, claims, reuse: PageReuse | None = None) -> None:
    shared = SharedWriter(writer, claims, reuse)
    shared.install()
    try:
        generate_output(writer)
    finally:
        shared.remove()
    log.info(
        "writing: process %d made %d of %d writes and feeds (%d unchanged pages linked, not rendered)",
        claims.process_number,
        claims.taken,
        claims.reached,
        shared.linked,
    )


def wait_for(children: list[int]) -> bool:
    """Wait for the other processes to finish their shares; True if any failed."""
    statuses = [os.waitpid(pid, 0)[1] for pid in children]
    return any(os.waitstatus_to_exitcode(status) != 0 for status in statuses)


def stop(children: list[int]) -> None:
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def processes_for(settings: dict) -> int:
    """WRITING_PROCESSES if set, else one per core this build may use."""
    return settings.get("WRITING_PROCESSES") or len(os.sched_getaffinity(0))
