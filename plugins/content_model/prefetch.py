"""Converting Markdown on every core: the files a build is about to read, converted ahead of it.

Pelican reads files one after another in one process, and converting Markdown
(with typography) is most of a cold build. When a generator starts, the files
it will read and the object cache does not keep are handed, in Pelican's own
order, to worker processes (READING_PROCESSES, default: one per core); the
reader then takes each result instead of converting the file itself.

A result is used only if the file has not changed since the worker read it;
otherwise, and whenever a worker fails, the reader converts the file as usual,
so the output is the same with or without workers. Only the thread of the build
that asked for the conversions takes them: the preview reads a saved file in
another thread while a build runs (sitebuild/quick.py), and must not wait for them.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from .conversion import Conversion, conversion_settings, convert

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
FILES_PER_TASK = 16  # enough to make sending a task cheap, few enough to keep the reader fed
WORTH_A_WORKER = 64  # fewer files to convert than this are converted in the build's own process

log = logging.getLogger(__name__)
_workers: ProcessPoolExecutor | None = None
_worker_processes = 0
_pending: dict[str, Future] = {}
_reader_thread: int | None = None  # the thread of the build the conversions are for


def prefetch_for(generator, paths_setting: str, excludes_setting: str) -> None:
    """Start converting the Markdown files `generator` will read (the signal handler's work)."""
    settings = generator.settings
    files = generator.get_files(settings[paths_setting], exclude=settings[excludes_setting])
    kept = getattr(generator, "object_cache", None)  # object_cache.py, installed just before this
    uncached = [
        os.path.abspath(os.path.join(generator.path, name))
        for name in files
        if name.endswith(MARKDOWN_EXTENSIONS) and not (kept and kept.keeps(name))  # as Pelican names it
    ]
    processes = worker_count(settings, len(uncached))
    if processes > 1:
        submit(uncached, conversion_settings(settings), processes)
        log.info("reading: converting %d files in %d worker processes", len(uncached), processes)


def worker_count(settings: dict, files: int) -> int:
    """READING_PROCESSES if set; else one per core, when there are files enough to be worth it."""
    wanted = settings.get("READING_PROCESSES") or 0
    if wanted:
        return wanted
    return len(os.sched_getaffinity(0)) if files >= WORTH_A_WORKER else 1


def submit(paths: list[str], settings: dict, processes: int) -> None:
    global _reader_thread
    _reader_thread = threading.get_ident()
    workers = pool(processes)
    for start in range(0, len(paths), FILES_PER_TASK):
        chunk = paths[start : start + FILES_PER_TASK]
        future = workers.submit(convert_files, chunk, settings)
        for path in chunk:
            _pending[path] = future


def pool(processes: int) -> ProcessPoolExecutor:
    """The worker processes, started when a build has files to convert (stop_workers ends them)."""
    global _workers, _worker_processes
    if _workers is None or _worker_processes != processes:
        stop_workers()
        plugins_folder = str(Path(__file__).resolve().parent.parent)
        if plugins_folder not in sys.path:  # a spawned worker starts with this process's sys.path
            sys.path.append(plugins_folder)
        _workers = ProcessPoolExecutor(
            processes,
            mp_context=get_context("spawn"),
            initializer=signal.signal,  # Ctrl+C is for the build to handle, not each worker
            initargs=(signal.SIGINT, signal.SIG_IGN),
        )
        _worker_processes = processes
    return _workers


def spare_workers() -> ProcessPoolExecutor | None:
    """The worker processes, while this thread's build has them (until everything is read), for
    other work of reading's that Python would do on one core: related articles count words there.
    The work must be a function of a module that imports quickly (no NumPy): the workers load
    the modules of what they are sent, and ignore Ctrl+C."""
    return _workers if threading.get_ident() == _reader_thread else None


def stop_workers(sender=None) -> None:
    """Stop the worker processes once everything is read (all_generators_finalized).

    A later build starts new ones if it has enough to convert: with the content
    cache, the preview's rebuilds rarely do. Stopping them also ends the pool's
    threads, so the build's process can fork to write pages (sitebuild/pages/render.py).
    """
    global _workers, _worker_processes
    if _workers is not None:
        _workers.shutdown(cancel_futures=True)
    _workers, _worker_processes = None, 0


def convert_files(paths: list[str], settings: dict) -> dict[str, tuple[int, Conversion]]:
    """In a worker: each file's conversion, with the modification time of the file it read."""
    return {path: (os.stat(path).st_mtime_ns, convert(path, settings)) for path in paths}


def take(path: str) -> Conversion | None:
    """The worker's conversion of `path`, if one was started for this thread's build and the file
    is unchanged since."""
    if threading.get_ident() != _reader_thread:
        return None
    future = _pending.pop(path, None)
    if future is None:
        return None
    try:
        modified, conversion = future.result()[path]
    except (BrokenProcessPool, OSError):
        return None
    try:
        unchanged = os.stat(path).st_mtime_ns == modified
    except OSError:
        return None
    return conversion if unchanged else None


def forget_all(sender=None) -> None:
    """Drop conversions no build will take (from a build that stopped early); run as each build starts."""
    for future in set(_pending.values()):
        future.cancel()
    _pending.clear()
