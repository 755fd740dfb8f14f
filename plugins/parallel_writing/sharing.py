"""Writing the blog's pages on every core.

Pelican renders pages one after another in one process: at 10,000 articles,
about 20,000 pages and 2,000 feeds, a quarter of a cold build. Here the build
forks before the articles generator writes, and every process runs the same
generator over the same data. Each page and feed is written by whichever
process reaches it first (a claim in shared memory), so the faster process
takes more and the work stays balanced; for a page another process claimed,
a process skips the rendering and the file, and does everything else.

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

import gc
import logging
import mmap
import os
import signal
import threading
from multiprocessing import get_context

from pelican.utils import sanitised_join

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

    def __init__(self, writer, claims: PageClaims):
        self.writer = writer
        self.claims = claims
        self.skipping = False  # the page being written now was claimed by another process
        self.skipped: set[str] = set()

    def write_file(self, name, template, context, *args, **kwargs):
        return self._write_file(name, ClaimingTemplate(template, self), context, *args, **kwargs)

    def write_feed(
        self, elements, context, path=None, url=None, feed_type="atom", override_output=False, feed_title=None
    ):
        """A feed another process claimed is neither built nor sent to `feed_generated` here."""
        if not path or self.claims.claim_next():
            return self._write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        self.note_file(sanitised_join(self.writer.output_path, path), override_output)
        return None

    def open_file(self, filename, encoding, override=False):
        if not self.skipping:
            return self._open_w(filename, encoding, override)
        self.skipping = False
        self.note_file(filename, override)
        self.skipped.add(filename)
        return NullFile()

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


class ClaimingTemplate:
    """A page's template: renders the page if this process claims it, else gives nothing."""

    def __init__(self, template, writer: SharedWriter):
        self.template = template
        self.writer = writer

    def render(self, context) -> str:
        if self.writer.claims.claim_next():
            return self.template.render(context)
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


def write_on_all_cores(generate_output, writer, processes: int) -> None:
    """Run `generate_output(writer)` in `processes` processes, each page written once."""
    if processes < 2 or threading.active_count() > 1:
        # One process; and never fork a process with other threads (the preview's server):
        # their locks would stay held in the copy.
        return generate_output(writer)
    return share_out(generate_output, writer, processes)


def share_out(generate_output, writer, processes: int) -> None:
    """Fork `processes` - 1 more processes, and each writes the pages it claims."""
    notes = (set(writer._written_files), set(writer._overridden_files))
    claims = PageClaims()
    gc.freeze()  # the copies then share the objects' memory instead of each touching it
    children = [fork_writer(generate_output, writer, claims, number) for number in range(1, processes)]
    try:
        write_share(generate_output, writer, claims)
    except BaseException:  # an error here, or Ctrl+C: the other processes' work is not wanted
        stop(children)
        raise
    finally:
        gc.unfreeze()
    if wait_for(children):
        log.info("writing: another process failed; writing every page here to find out why")
        writer._written_files, writer._overridden_files = notes
        generate_output(writer)


def fork_writer(generate_output, writer, claims: PageClaims, number: int) -> int:
    """Start process `number` writing its share; its pid. It leaves with status 0 if it wrote it all."""
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        claims.process_number = number
        write_share(generate_output, writer, claims)
        status = 0
    except BaseException:  # noqa: BLE001, S110 - the build's own process writes every page again and reports it
        pass
    finally:
        os._exit(status)


def write_share(generate_output, writer, claims: PageClaims) -> None:
    shared = SharedWriter(writer, claims)
    shared.install()
    try:
        generate_output(writer)
    finally:
        shared.remove()
    log.info(
        "writing: process %d wrote %d of %d pages and feeds",
        claims.process_number,
        claims.taken,
        claims.reached,
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
