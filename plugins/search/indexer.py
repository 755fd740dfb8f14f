"""Index the built site with Pagefind, as the last step of every build.

Pagefind reads the HTML just written and puts its index in <output>/pagefind/.
It runs on the staging folder, before that folder replaces output/, so the
published site and its index always match, and an indexing failure fails the
build like any other.

A site with more indexable pages than `pages_per_index` is indexed in groups,
two Pagefind processes at a time, each into its own bundle (see groups.py);
pagefind/bundles.json lists the other bundles for the search page to merge.
Development builds copy the bundles whose pages are unchanged from the cache
(reuse.py).
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.service import get_executable  # the pagefind_bin program, or PAGEFIND_BINARY_PATH

from .groups import bundle_name, html_files, indexable, remove_extra_bundles, split, staged
from .reuse import fingerprinted, forget_others, group_fingerprint, keep, restore
from .stable import sort_filters

REINSTALL = "Reinstall it with: .venv/bin/pip install -r requirements.txt -c constraints.txt"
PAGEFIND_RUNS_AT_ONCE = 2
BUNDLE_LIST = "bundles.json"  # in pagefind/: the other bundles, relative to it ("../pagefind-2/")


class SearchIndexFailed(Exception):
    stage = "search indexing"  # how sitebuild names this failure


def index_site(
    output: Path, language: str, pages_per_index: int, reuse_from: Path | None = None
) -> tuple[float, int, int]:
    """Build the search index of the site in `output`: the seconds it took, the bundles, and how many
    of them were copied unchanged from `reuse_from` (a folder of kept bundles: see reuse.py)."""
    started = time.perf_counter()
    program = get_executable()
    if program is None:
        raise SearchIndexFailed(f"Pagefind's program is not installed. {REINSTALL}")
    remove_extra_bundles(output)
    fingerprints = {} if reuse_from else None
    groups = page_groups(output, pages_per_index, fingerprints, reuse_from)
    if groups is None:
        run_pagefind([str(program), "--site", str(output)], language)
        finish_bundle(output / "pagefind")
        write_bundle_list([output / "pagefind"])
        return time.perf_counter() - started, 1, 0
    bundles = [output / bundle_name(number) for number in range(1, len(groups) + 1)]
    keys = [group_fingerprint(group, fingerprints, language) if reuse_from else "" for group in groups]
    reused = set()
    for key, bundle in zip(keys, bundles, strict=True):
        if key and restore(reuse_from, key, bundle):  # copied from the cache: no Pagefind run
            reused.add(bundle)

    def index_group(group: list[str], bundle: Path, key: str) -> None:
        with staged(output, group) as folder:
            run_pagefind([str(program), "--site", str(folder), "--output-path", str(bundle)], language)
        finish_bundle(bundle)
        if key:
            keep(reuse_from, key, bundle)

    # Pagefind keeps about one and a half cores busy: two runs at a time fill two.
    with ThreadPoolExecutor(PAGEFIND_RUNS_AT_ONCE) as runs:
        started_runs = [
            runs.submit(index_group, group, bundle, key)
            for group, bundle, key in zip(groups, bundles, keys, strict=True)
            if bundle not in reused
        ]
        for run in started_runs:
            run.result()  # the first failure stops the build (the other runs finish first)
    if reuse_from:
        forget_others(reuse_from, set(keys))
    write_bundle_list(bundles)
    return time.perf_counter() - started, len(bundles), len(reused)


def finish_bundle(bundle: Path) -> None:
    """Check that Pagefind wrote the bundle, and put its filters in order."""
    if not (bundle / "pagefind.js").is_file():
        raise SearchIndexFailed(
            f"Pagefind finished but wrote no index ({bundle.name}/pagefind.js is missing)."
        )
    sort_filters(bundle)  # Pagefind writes them in a random order (see stable.py)


def page_groups(
    output: Path,
    pages_per_index: int,
    fingerprints: dict[str, bytes] | None = None,
    reuse_from: Path | None = None,
) -> list[list[str]] | None:
    """The groups of indexable pages (sorted paths), or None when one Pagefind run takes the whole site.

    If `fingerprints` is given, each indexable page's fingerprint is noted in it (reuse.py),
    with the fingerprints known in `reuse_from`.
    """
    pages = html_files(output)
    if len(pages) <= pages_per_index:
        return None  # no need to read them: at most that many can be indexable
    if fingerprints is None:
        pages = indexable(output, pages)
    else:
        pages = fingerprinted(output, pages, fingerprints, reuse_from)
    return split(pages, pages_per_index) if len(pages) > pages_per_index else None


def run_pagefind(command: list[str], language: str) -> None:
    command += ["--force-language", language, "--silent"]
    try:
        result = subprocess.run(
            command, check=False, capture_output=True, text=True, timeout=1800, encoding="utf-8"
        )
    except subprocess.TimeoutExpired:
        raise SearchIndexFailed("Pagefind did not finish within 30 minutes and was stopped.") from None
    except OSError as error:
        raise SearchIndexFailed(
            f"Pagefind could not start ({command[0]}: {error.strerror}). {REINSTALL}"
        ) from None
    if result.returncode != 0:
        raise SearchIndexFailed(why_pagefind_failed(result))


def write_bundle_list(bundles: list[Path]) -> None:
    """pagefind/bundles.json: {"bundles": ["../pagefind-2/", ...]}, the bundles after the first."""
    others = [f"../{bundle.name}/" for bundle in bundles[1:]]
    text = json.dumps({"bundles": others}, separators=(",", ":")) + "\n"
    (bundles[0] / BUNDLE_LIST).write_text(text, encoding="utf-8")


def why_pagefind_failed(result: subprocess.CompletedProcess) -> str:
    """Pagefind's own words when it gave any, and how it ended (a signal means it was killed)."""
    if result.returncode < 0:
        ending = f"Pagefind was stopped by {signal.Signals(-result.returncode).name} before it finished"
    else:
        ending = f"Pagefind failed (exit status {result.returncode})"
    details = (result.stderr or result.stdout).strip()
    return f"{ending}: {details}" if details else f"{ending}."
