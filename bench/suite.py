"""One benchmark run: every corpus and size, every configuration, side by side.

Runs are interleaved (run 1 of every configuration, then run 2...), so a
noisy moment on a shared machine does not land on one configuration only.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

from . import corpora
from .importing import import_step
from .quality import precision_at
from .rebuilds import SAVES, Rebuilds, measure_rebuilds, measure_save_to_refresh
from .report import Row, document
from .runner import CONFIGURATIONS, SITEURL, Measure, measure_once, snapshot
from .search_cost import bytes_for_one_search

SEARCH_TERMS = {"real": "django", "synthetic": ""}  # a word readers of each corpus would look for


def run(
    workdir: Path,
    sizes: list[int],
    runs: int,
    corpus_kinds: list[str],
    configuration_names: list[str],
    progress=print,
    rebuilds: bool = True,
    measure_quality: bool = True,
    import_pages: int = 0,
) -> tuple[list[Row], str]:
    """Every build measure, then the quality step and, for `import_pages` > 0, the import step."""
    started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    code = snapshot(workdir)
    rows: list[Row] = []
    costs: dict[tuple[str, int], dict[str, int]] = {}
    rebuild_measures: dict[tuple[str, int], Rebuilds] = {}
    for kind in corpus_kinds:
        for size in sizes:
            truth = None
            if kind == "synthetic":
                corpus, truth = corpora.synthetic(size, workdir / "corpora")
            else:
                corpus = corpora.real(size, workdir / "corpora")
            measures = {name: Measure() for name in configuration_names}
            for number in range(runs):
                for name in configuration_names:
                    configuration = CONFIGURATIONS[name]
                    if measures[name].failure:
                        continue
                    progress(f"{kind} {size}: {configuration.name}, run {number + 1} of {runs}")
                    build_folder = workdir / "builds" / f"{kind}-{size}-{name}"
                    measure_once(configuration, corpus, build_folder, measures[name], code)
            site = measures.get("site")
            if site and site.output and (site.output / "pagefind").is_dir() and SEARCH_TERMS.get(kind):
                progress(f"{kind} {size}: one search in Chromium")
                costs[(kind, size)] = bytes_for_one_search(site.output, SEARCH_TERMS[kind], site_url=SITEURL)
            if rebuilds and kind == "real":
                rebuild_measures[(kind, size)] = measure_what_writers_wait_for(
                    corpus,
                    workdir / "rebuilds" / f"{kind}-{size}",
                    code,
                    runs,
                    size,
                    progress,
                    f"{kind} {size}",
                )
            for name in configuration_names:
                measure = measures[name]
                quality = precision_at(measure.lists, truth) if truth and measure.lists is not None else None
                rows.append(Row(kind, size, CONFIGURATIONS[name].name, measure, quality))
    text = document(rows, started, runs, costs, rebuild_measures)
    if measure_quality:
        text += "\n\n" + quality_step(workdir, code, progress)
    if import_pages:
        text += "\n\n" + import_step(workdir, runs, import_pages, code, progress)
    return rows, text


def measure_what_writers_wait_for(corpus, workdir, code, runs, size, progress, label) -> Rebuilds:
    """Cold and warm development builds, and save-to-refresh in the preview."""
    measure = Rebuilds()
    progress(f"{label}: cold and warm development builds, {runs} of each")
    measure_rebuilds(corpus, workdir, code, runs, measure)
    if not measure.failure:
        progress(f"{label}: save to refreshed page in the preview, {SAVES} different posts saved in a row")
        measure_save_to_refresh(corpus, workdir, code, measure)
    return measure


def quality_step(workdir: Path, code: Path | None = None, progress=print) -> str:
    """Related-articles quality on the tuning and report corpora and the real talks with hidden tags,
    as a table: bench/evaluation.py run in the snapshot of the code `code` (a new one if None), so
    that editing the project meanwhile changes nothing in it, as for the builds."""
    code = code or snapshot(workdir)
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.evaluation", str(workdir.resolve()), str(corpora.REAL_ARCHIVE)],
        cwd=code,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    for line in child.stderr:
        progress(line.rstrip("\n"))
    table = child.stdout.read()
    if child.wait() != 0:
        raise RuntimeError(f"the quality step failed (exit status {child.returncode})")
    return table.rstrip("\n")


def import_only(workdir: Path, runs: int, pages: int, progress=print) -> str:
    """`invoke bench --only import`: the import step alone (bench/importing.py), from a new snapshot."""
    return import_step(workdir, runs, pages, snapshot(workdir), progress)
