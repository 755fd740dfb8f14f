"""The import step of `invoke bench` (issue 18: 5,000 saved pages imported in under 2 minutes on 2 cores).

A saved archive of the old CMS (bench/old_archive.py) is imported `runs` times
into a fresh project, each time from an empty content/ and in a fresh process
(`invoke import`, as a person runs it), then once more over the same archive
with nothing changed. The imported site is then built (`invoke build`) and
checked (`invoke check`) once: an import is only useful if the site builds.

The project is a copy of the code snapshot (settings, plugins, theme,
sitebuild, tasks.py) with the repository's content/data/, so its settings
are the real ones and editing the project during the run changes nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import corpora
from .old_archive import SEED, Written, write_archive
from .report import spread
from .runner import REPO, run_child

IMPORT_PAGES = 5000
TARGET_SECONDS = 120.0
PROJECT_PARTS = ("pelicanconf.py", "publishconf.py", "plugins", "theme", "sitebuild", "tasks.py")


@dataclass
class Step:
    """One command run once: its exit status, seconds, peak MB and what it said."""

    status: int
    seconds: float
    peak_mb: float
    said: str  # stderr, or stdout for `invoke check`


@dataclass
class ImportMeasure:
    archive: Written
    text_source: str  # "the pyvideo talks" or "generated sentences"
    cold: list[Step] = field(default_factory=list)
    again: list[Step] = field(default_factory=list)
    report: dict = field(default_factory=dict)  # the last cold run's import-report.json
    again_report: dict = field(default_factory=dict)
    build: Step | None = None
    check: Step | None = None
    failure: str = ""


def import_step(workdir: Path, runs: int, pages: int, code: Path, progress=print) -> str:
    """Measure the import of a `pages`-page archive and return the step's Markdown section."""
    return import_table(measure_import(workdir / "import", runs, pages, code, progress), runs)


def measure_import(workdir: Path, runs: int, pages: int, code: Path, progress=print) -> ImportMeasure:
    talks = talks_folder(workdir.parent / "corpora")
    progress(f"import: writing a saved archive of {pages:,} pages of the old site")
    archive = workdir / "archive"
    shutil.rmtree(archive, ignore_errors=True)
    measure = ImportMeasure(write_archive(archive, pages, SEED, talks), "the pyvideo talks" if talks else
                            "generated sentences (the talks corpus is missing)")  # fmt: skip
    project = prepare_project(code, workdir / "project")
    for number in range(runs):
        progress(f"import: cold import {number + 1} of {runs}, then again with nothing changed")
        fresh_content(project)
        if not record(measure, measure.cold, run_invoke(project, "import", str(archive)), "import"):
            return measure
        measure.report = read_report(project)
        if not record(measure, measure.again, run_invoke(project, "import", str(archive)), "second import"):
            return measure
        measure.again_report = read_report(project)
    progress("import: building the imported site (invoke build), then invoke check")
    measure.build = run_invoke(project, "build")
    measure.check = run_invoke(project, "check", keep_stdout=True)
    return measure


def talks_folder(corpora_folder: Path) -> Path | None:
    """The unpacked talks (shared with the build steps), or None when the corpus is missing."""
    if not corpora.REAL_ARCHIVE.is_file():
        return None
    return corpora.real(10**9, corpora_folder)


def prepare_project(code: Path, project: Path) -> Path:
    """A project to import into: the snapshot's code and settings, and content/data/ of the repository."""
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = code / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / part)
    shutil.copytree(REPO / "content" / "data", project / "content-data")
    return project


def fresh_content(project: Path) -> None:
    """content/ as the repository ships it with no posts, and no output, cache or report from before."""
    for stale in ("content", "output", "cache", "import-report.json"):
        subprocess.run(["rm", "-rf", str(project / stale)], check=True)
    shutil.copytree(project / "content-data", project / "content" / "data")


def run_invoke(project: Path, task: str, *arguments: str, keep_stdout: bool = False) -> Step:
    """`invoke <task> ... --project <project>` with the project's own tasks.py, in a fresh process."""
    command = [sys.executable, "-m", "invoke", "--search-root", str(project), task, *arguments,
               "--project", str(project)]  # fmt: skip
    if not keep_stdout:
        status, seconds, peak, errors = run_child(command, project)
        return Step(status, seconds, peak, errors)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, encoding="utf-8")
    return Step(done.returncode, time.perf_counter() - started, 0.0, done.stdout + done.stderr)


def record(measure: ImportMeasure, into: list[Step], step: Step, name: str) -> bool:
    """Keep a good run; on a failed one, note why and say to stop."""
    if step.status != 0:
        lines = step.said.strip().splitlines()
        measure.failure = f"the {name} failed (exit status {step.status}): " + (lines[-1] if lines else "")
        return False
    into.append(step)
    return True


def read_report(project: Path) -> dict:
    path = project / "import-report.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


# -- the section of the bench's document --------------------------------------------------


def import_table(measure: ImportMeasure, runs: int) -> str:
    archive = measure.archive
    lines = [
        "## Import of the old site's saved pages (issue 18)",
        "",
        f"{archive_summary(archive)}; written by bench/old_archive.py (seed {SEED}), text from "
        f"{measure.text_source}. {runs} cold import(s) into an empty content/, each followed by an import "
        "with nothing changed, each in a fresh process (`invoke import`); medians with (min–max). Then one "
        "`invoke build` and one `invoke check` of the imported site.",
        "",
        "| step | s, median (min–max) | saved pages / s | peak MB | result |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    if measure.failure:
        lines.append(f"| import | failed: {measure.failure} | | | |")
    lines += step_rows(measure)
    lines += ["", *made_lines(measure)]
    return "\n".join(lines)


def archive_summary(archive: Written) -> str:
    counts = archive.counts
    bad = counts["no title"] + counts["binary"] + counts["duplicate"]
    return (
        f"Archive: {archive.pages:,} saved pages ({counts['article']:,} blog-style articles, "
        f"{counts['update']:,} regional updates, {counts['event']:,} events, {counts['publication']:,} "
        f"publications, {counts['page']:,} plain pages, {counts['listing']:,} listings and the home page, "
        f"{bad} bad pages) and {archive.files:,} images and documents, {archive.bytes / 1e6:.0f} MB"
    )


def step_rows(measure: ImportMeasure) -> list[str]:
    rows = []
    if measure.cold:
        met = "✓" if statistics.median(step.seconds for step in measure.cold) <= TARGET_SECONDS else "✗"
        rows.append(timed_row("import, cold", measure.cold, measure.archive.pages,
                              f"target ≤ {TARGET_SECONDS:.0f} s {met}"))  # fmt: skip
    if measure.again:
        files = measure.again_report.get("files", {})
        shown = ", ".join(f"{count:,} {action}" for action, count in files.items()) or "–"
        rows.append(timed_row("import again, nothing changed", measure.again, measure.archive.pages,
                              f"files: {shown}"))  # fmt: skip
    for name, step in (("`invoke build` of the imported site", measure.build),
                       ("`invoke check` of the imported site", measure.check)):  # fmt: skip
        if step is not None:
            peak = f"{step.peak_mb:.0f}" if step.peak_mb else "–"
            rows.append(f"| {name} | {step.seconds:.1f} | – | {peak} | {outcome(step)} |")
    return rows


def timed_row(name: str, steps: list[Step], pages: int, result: str) -> str:
    seconds = [step.seconds for step in steps]
    rate = pages / statistics.median(seconds)
    peak = spread([step.peak_mb for step in steps], 0)
    return f"| {name} | {spread(seconds)} | {rate:.0f} | {peak} | {result} |"


def outcome(step: Step) -> str:
    if step.status == 0:
        return "exit 0"
    lines = [line for line in step.said.strip().splitlines() if line.strip()]
    summary = next((line for line in lines if line.startswith("Found ")), lines[-1] if lines else "")
    return f"exit {step.status}: {summary.strip().rstrip(':')}"


def made_lines(measure: ImportMeasure) -> list[str]:
    """What the import made (its JSON report), what it skipped and left to review, what check found."""
    report = measure.report
    lines = []
    if report:
        counts = report.get("counts", {})
        made = ", ".join(f"{kind}: {count:,}" for kind, count in counts.items())
        files = ", ".join(f"{count:,} {action}" for action, count in report.get("files", {}).items())
        lines.append(f"What the last cold import made (import-report.json): {made}; files: {files}; "
                     f"{report.get('redirects', 0):,} redirects; {len(report.get('review', [])):,} findings "
                     "to review.")  # fmt: skip
        lines += tally("Skipped", [finding["what"] for finding in report.get("skipped", [])])
        lines += tally("To review", [finding["what"] for finding in report.get("review", [])])
    if measure.check is not None and measure.check.status != 0:
        lines += tally("`invoke check` problems", check_problems(measure.check.said))
    return lines


def tally(title: str, messages: list[str], shown: int = 8) -> list[str]:
    """The kinds of message, most frequent first, with the words that differ (addresses, names) left out."""
    kinds = Counter(kind_of(message) for message in messages)
    if not kinds:
        return []
    items = [f"{count:,} × {kind}" for kind, count in kinds.most_common(shown)]
    rest = sum(kinds.values()) - sum(count for _, count in kinds.most_common(shown))
    return ["", f"- {title} ({len(messages):,}): " + "; ".join(items) + (f"; {rest:,} other" if rest else "")]


def kind_of(message: str) -> str:
    without_quotes = re.sub(r"(?<=\s)'.*?'(?=[\s.,:;)]|$)", "'…'", message)
    without_addresses = re.sub(r"(?<![\w<])/[^\s,;)]+", "…", without_quotes)
    without_details = re.sub(r"\s*\([^)]*\)", "", without_addresses)
    return without_details.split(". ")[0].strip().rstrip(".")[:110]


PROBLEM_LINE = re.compile(r"^\s+content/\S+?:\d+: (?P<message>.+)$")


def check_problems(said: str) -> list[str]:
    return [found["message"] for found in map(PROBLEM_LINE.match, said.splitlines()) if found]
