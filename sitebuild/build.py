"""Run Pelican into a staging folder; replace output/ only when everything succeeded.

A failed build (bad content, a template error, an error Pelican logged) leaves
the last good output/ exactly as it was and prints what failed, never a
traceback (unless asked for with debug=True).
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from .paths import UnsafePath, check_output_path

DEVELOPMENT = "pelicanconf.py"
PRODUCTION = "publishconf.py"


@dataclass
class BuildResult:
    ok: bool
    output: Path | None = None
    messages: list[str] = field(default_factory=list)


class ErrorCounter(logging.Handler):
    """Keeps Pelican's error messages: any error means the build failed."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class SameSlugWarnings(logging.Filter):
    """Pelican's warnings about two files with one slug; the content model reports those better."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("There are %s items", "There are %s original"))


def load_settings(project: Path, production: bool, output: Path | None = None) -> dict:
    settings_file = project / (PRODUCTION if production else DEVELOPMENT)
    override = {"OUTPUT_PATH": str(output)} if output else None
    return read_settings(str(settings_file), override=override)


def build(project: Path, production: bool = False, debug: bool = False) -> BuildResult:
    """Build the site of `project` (the folder holding pelicanconf.py) into its output folder."""
    project = project.resolve()
    settings = load_settings(project, production)
    try:
        output = check_output_path(project, Path(settings["OUTPUT_PATH"]), Path(settings["PATH"]))
    except UnsafePath as refusal:
        return BuildResult(False, messages=[str(refusal)])
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-", dir=output.parent))
    try:
        failure = run_pelican(project, production, staging, debug)
        if failure:
            return BuildResult(False, messages=failure)
        replace_output(staging, output)
        return BuildResult(True, output=output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run_pelican(project: Path, production: bool, staging: Path, debug: bool) -> list[str]:
    """Run one Pelican build into `staging`; the messages that explain a failure, or []."""
    errors = ErrorCounter()
    pelican_logger = logging.getLogger("pelican")
    pelican_logger.addHandler(errors)
    try:
        settings = load_settings(project, production, staging)
        Pelican(settings).run()
    except Exception as failure:  # every failure becomes a message; --debug shows the traceback
        if debug:
            raise
        problems = getattr(failure, "problems", None)
        if problems is not None:
            return [str(failure)]
        return [f"The build failed: {type(failure).__name__}: {failure}", *errors.messages]
    finally:
        pelican_logger.removeHandler(errors)
    if errors.messages:
        return ["The build failed because Pelican reported errors:", *errors.messages]
    return []


def replace_output(staging: Path, output: Path) -> None:
    """Move the new site into place, then delete the old one."""
    retired = None
    if output.exists():
        retired = output.with_name(f".{output.name}-retired")
        shutil.rmtree(retired, ignore_errors=True)
        output.rename(retired)
    staging.rename(output)
    if retired:
        shutil.rmtree(retired)


def clean(project: Path) -> list[Path]:
    """Delete the output and cache folders (after the same safety checks as a build)."""
    settings = load_settings(project.resolve(), production=False)
    content = Path(settings["PATH"])
    removed = []
    for folder in (Path(settings["OUTPUT_PATH"]), Path(settings["CACHE_PATH"])):
        target = check_output_path(project, folder, content)
        if target.exists():
            shutil.rmtree(target)
            removed.append(target)
    return removed


def configure_logging(verbose: bool = False) -> None:
    """Pelican's warnings as plain lines; progress messages only when `verbose`."""
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        handler.addFilter(SameSlugWarnings())
