"""Run Pelican into a staging folder; replace output/ only when everything succeeded.

A failed build (bad content, a template error, a failed search index, a full
disk, an error Pelican logged) leaves the last good output/ exactly as it was
and prints what failed, never a traceback (unless asked for with debug=True).
A plugin's exception may carry a `stage` attribute (such as "search indexing"):
its message is then reported as a failure of that stage.
"""

from __future__ import annotations

import errno
import gzip
import logging
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import traceback
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from content_model.markup_checks import ALT_FIX
from jinja2 import TemplateSyntaxError
from pelican.settings import read_settings

from .pages.render import load_record
from .paths import BUILD_FOLDERS, UnsafePath, check_build_folders
from .pipeline import BuildCancelled, SiteBuild
from .siteurl import UnsafeSiteURL, check_siteurl
from .spare import delete_in_background, keep_as_spare, set_aside, spare_folder, take_spare

DEVELOPMENT = "pelicanconf.py"
PRODUCTION = "publishconf.py"


@dataclass
class BuildResult:
    ok: bool
    output: Path | None = None
    messages: list[str] = field(default_factory=list)
    summary: str = ""  # what a good build published (pipeline.content_summary)


class ErrorCounter(logging.Handler):
    """Keeps Pelican's error messages: any error means the build failed."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class BetterReportedWarnings(logging.Filter):
    """Pelican's warnings about what the build reports better, each in one line of its own.

    Two files with one slug: the content model names both. Feeds without SITEURL: a
    production build refuses an empty SITEURL, naming the setting and how to set it. A
    {filename} address Pelican cannot find: the page shows the link's text, and the build
    names the file (pages/build.py, Builder.content). An image without alt text: said again
    with the file's path from the project and the fix.
    """

    MESSAGES = (
        "There are %s items",
        "There are %s original",
        "Feeds generated without SITEURL",
        "Unable to find '%s', skipping url replacement.",  # pages/build.py names the file instead
    )

    EMPTY_ALT = "Empty alt attribute for image %s in %s"  # Pelican's, said again in the site's words

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == self.EMPTY_ALT and len(record.args or ()) == 2:
            image, path = record.args
            record.msg = "%s: the image '%s' has no alt text. %s (invoke check gives its line)"
            record.args = (shown_path(path), image, ALT_FIX)
            return True
        return not str(record.msg).startswith(self.MESSAGES)


def shown_path(path: str) -> str:
    """A content file's path as its writer knows it: from the project's folder (the one holding
    pelicanconf.py), content/blog/2026/a-post.md; whole when it is in no project."""
    for folder in Path(path).parents:
        if (folder / DEVELOPMENT).is_file():
            return Path(path).relative_to(folder).as_posix()
    return path


def load_settings(
    project: Path, production: bool, output: Path | None = None, overrides: dict | None = None
) -> dict:
    settings_file = project / (PRODUCTION if production else DEVELOPMENT)
    override = dict(overrides or {})
    if output:
        override["OUTPUT_PATH"] = str(output)
    try:
        return read_settings(str(settings_file), override=override or None)
    except Exception as error:  # the settings file is Python: any error in it
        raise SettingsError(describe_settings_error(error, settings_file)) from error


class SettingsError(Exception):
    """A settings file that could not be run; the message names the file and line."""


def describe_settings_error(error: Exception, settings_file: Path) -> str:
    if isinstance(error, SyntaxError):
        place, what = f"{error.filename or settings_file}, line {error.lineno}", f"SyntaxError: {error.msg}"
    else:
        place, what = settings_line(error, settings_file), f"{type(error).__name__}: {error}"
    return f"the settings file {place} has an error: {what}. Fix it and try again."


def settings_line(error: Exception, settings_file: Path) -> str:
    """'<file>, line N' of the innermost settings file (or a file it runs, in the project) that failed."""
    project = str(settings_file.parent)
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        name = Path(frame.filename).name
        if name in (DEVELOPMENT, PRODUCTION) or frame.filename.startswith(project + os.sep):
            return f"{frame.filename}, line {frame.lineno}"
    return str(settings_file)


def source_date_epoch_problem() -> str:
    """What is wrong with SOURCE_DATE_EPOCH (the build's moment, see README), or ''.

    Checked before Pelican loads any plugin: numpy reads it too, as it is imported.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value.strip().isdigit():
        return ""
    return (
        f"The build failed: SOURCE_DATE_EPOCH is {value!r}; it must be a whole number of seconds since "
        "1970-01-01 UTC, such as the output of: git log -1 --format=%ct. Correct it or unset it."
    )


def build(
    project: Path,
    production: bool = False,
    debug: bool = False,
    overrides: dict | None = None,
    output_setting: str = "OUTPUT_PATH",
    recycle: bool = False,
) -> BuildResult:
    """Build the site of `project` (the folder holding pelicanconf.py) into its output folder.

    `overrides` replace settings for this build only. `output_setting` names the folder to build into:
    OUTPUT_PATH, or the preview's own PREVIEW_OUTPUT_PATH. With `recycle` (the preview's builds,
    when unchanged pages are reused), the site replaced is kept as a spare and the next build
    builds into it rather than into a new folder (spare.py).
    """
    project = project.resolve()
    if source_date_epoch_problem():
        return BuildResult(False, messages=[source_date_epoch_problem()])
    try:
        settings = load_settings(project, production)
        output = check_build_folders(project, settings, [output_setting, "CACHE_PATH"])[output_setting]
        if production:
            check_siteurl(settings["SITEURL"])
        recycle = recycle and bool(settings.get("REUSE_UNCHANGED_PAGES"))
        staging = recycled_staging(output, settings) if recycle else None
        staging = staging or make_staging_folder(output)
    except (UnsafePath, UnsafeSiteURL) as refusal:
        return BuildResult(False, messages=[str(refusal)])
    except SettingsError as error:
        return BuildResult(False, messages=[f"The build failed: {error}"])
    except OSError as error:
        return BuildResult(False, messages=[describe_file_error(error)])
    try:
        # Unchanged pages are linked from the live output folder (sitebuild/pages/render.py).
        overrides = {"REUSE_PAGES_FROM": str(output), **(overrides or {})}
        failure, summary = run_pelican(project, production, staging, debug, overrides)
        if failure:  # name the output folder, not the staging folder the user never sees
            return BuildResult(False, messages=[line.replace(str(staging), str(output)) for line in failure])
        with interrupts_held():
            return replace(swap_in(staging, output, recycle), summary=summary)
    finally:  # after a failure or an interruption (KeyboardInterrupt) too
        if recycle and staging.exists():  # not swapped in: the next build builds into it
            keep_as_spare(staging, output)
        else:
            shutil.rmtree(staging, ignore_errors=True)


def recycled_staging(output: Path, settings: dict) -> Path | None:
    """The spare folder of `output` as this build's staging folder, holding only files at the
    addresses of the live site's pages; None when there is none (spare.py)."""
    return take_spare(output, list(load_record(Path(settings["CACHE_PATH"]))))


def make_staging_folder(output: Path) -> Path:
    """A new, empty folder beside `output` to build into, readable by a web server as output/ must be.

    (tempfile makes it readable by its owner only.)
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-", dir=output.parent))
    staging.chmod(0o755)
    return staging


@contextmanager
def interrupts_held():
    """Ignore Ctrl+C while the new site replaces output/: stopped halfway, the swap could lose output/.

    Once the swap has begun, the build is as good as done: it finishes and says so.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_pelican(
    project: Path, production: bool, staging: Path, debug: bool, overrides: dict | None = None
) -> tuple[list[str], str]:
    """Run one Pelican build into `staging`: the messages that explain a failure (or []), and
    what it published (pipeline.content_summary)."""
    errors = ErrorCounter()
    pelican_logger = logging.getLogger("pelican")
    pelican_logger.addHandler(errors)
    try:
        settings = load_settings(project, production, staging, overrides)
        summary = run_with_cache_repair(settings)
    except BuildCancelled:
        return ["The build was cancelled: a newer change arrived."], ""
    except Exception as failure:  # every failure becomes a message; --debug shows the traceback
        if debug:
            raise
        if getattr(failure, "problems", None) is not None:
            return [str(failure)], ""  # the content model's report: every problem, by file and line
        return [describe_failure(failure), *errors.messages], ""
    finally:
        pelican_logger.removeHandler(errors)
    if errors.messages:
        return ["The build failed because Pelican reported errors:", *errors.messages], ""
    return [], summary


def run_with_cache_repair(settings: dict) -> str:
    """Run Pelican; if its content cache is damaged (a build killed while saving it), run again without it.
    What it published (pipeline.content_summary).

    Pelican reads a truncated cache file as an error, not as a missing cache, and
    every later build would fail the same way.
    """
    try:
        return run_site(settings)
    except (EOFError, pickle.UnpicklingError, zlib.error, gzip.BadGzipFile) as damage:
        cache = Path(settings["CACHE_PATH"])
        if not settings.get("LOAD_CONTENT_CACHE") or not cache.is_dir():
            raise
        logging.getLogger(__name__).warning(
            "The content cache in %s could not be read (%s); building without it.", cache, damage
        )
        shutil.rmtree(cache)
        return run_site(settings)


def run_site(settings: dict) -> str:
    """One run of the build; what it published (pipeline.content_summary)."""
    site = SiteBuild(settings)
    site.run()
    return site.summary


def describe_failure(failure: Exception) -> str:
    """One line naming what stopped the build: a template and its line, the disk, a stage."""
    template = template_location(failure)
    if template:
        return f"The build failed in the template {template}: {failure}. Fix the template and build again."
    if isinstance(failure, OSError):
        return describe_file_error(failure)
    stage = getattr(failure, "stage", "")
    if stage:
        return f"The build failed during {stage}: {failure}"
    return f"The build failed: {type(failure).__name__}: {failure}"


def template_location(failure: Exception) -> str:
    """'<template file>, line N' when the failure happened in a Jinja template, else ''.

    A syntax error carries its place; for an error while rendering, Jinja rewrites
    the traceback so that the template's own frames name the template file and line.
    """
    if isinstance(failure, TemplateSyntaxError):
        return f"{failure.filename or failure.name}, line {failure.lineno}"
    for frame in reversed(traceback.extract_tb(failure.__traceback__)):
        if not frame.filename.endswith(".py") and Path(frame.filename).is_file():
            return f"{frame.filename}, line {frame.lineno}"
    return ""


def describe_file_error(error: OSError) -> str:
    """A file the build could not write (or read), and what to do; a full disk said plainly."""
    name = error.filename or "a file"
    if error.errno == errno.ENOSPC:
        return f"The build failed because the disk is full: could not write {name}. Free some space and build again."
    return f"The build failed: could not write or read {name}: {error.strerror or error}."


def swap_in(staging: Path, output: Path, recycle: bool = False) -> BuildResult:
    try:
        replace_output(staging, output, recycle)
    except OSError as error:
        return BuildResult(False, messages=[describe_file_error(error)])
    return BuildResult(True, output=output)


def replace_output(staging: Path, output: Path, recycle: bool = False) -> None:
    """Move the new site into place, then delete the old one (which comes back if the move fails),
    or with `recycle` keep it as the spare the next build builds into (spare.py).

    The old site is renamed out of the way in one step and deleted by a separate
    process: at 10,000 articles, deleting its ~70,000 files and folders takes
    about 10 seconds nobody needs to wait for.
    """
    retired = None
    if output.exists():  # (a folder of its own: a deletion still running never meets a later build)
        retired = set_aside(output, output)
    try:
        staging.rename(output)
    except OSError:
        if retired:
            (retired / output.name).rename(output)
            retired.rmdir()
        raise
    if recycle and retired:
        keep_as_spare(retired / output.name, output)
    for old in output.parent.glob(f".{output.name}-retired-*"):  # this one, and any a crash left
        delete_in_background(old)


def clean(project: Path) -> list[Path]:
    """Delete the output, cache and preview folders (and the preview's spare, spare.py), once all
    passed the same checks as a build."""
    settings = load_settings(project.resolve(), production=False)
    folders = list(check_build_folders(project, settings, BUILD_FOLDERS).values())
    removed = [folder for folder in [*folders, *map(spare_folder, folders)] if folder.exists()]
    for folder in removed:
        shutil.rmtree(folder)
    return removed


def configure_logging(verbose: bool = False) -> None:
    """Pelican's warnings as plain lines; progress messages only when `verbose`."""
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        handler.addFilter(BetterReportedWarnings())
