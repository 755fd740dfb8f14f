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

The preview's builds (SEARCH_INDEX_LATER) leave the changed bundles for after the
new site is served: each such group gets the bundle the served site has at its
place, which the preview then indexes again (`index_later`) and puts in place,
each bundle whole. The pages are served seconds sooner (after twenty saves at
10,000 articles, 14 of the 20 bundles were indexed again: 6-9 s), and search finds
what the site had meanwhile.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.service import get_executable  # the pagefind_bin program, or PAGEFIND_BINARY_PATH

from .groups import bundle_name, html_files, indexable, remove_extra_bundles, split, staged
from .reuse import (
    BUNDLE_FILE,
    LATER,
    copy_bundle,
    fingerprinted,
    forget_others,
    group_fingerprint,
    keep,
    page_fingerprint,
    restore,
)
from .stable import sort_filters

REINSTALL = "Reinstall it with: .venv/bin/pip install -r requirements.txt -c constraints.txt"
PAGEFIND_RUNS_AT_ONCE = 2
BUNDLE_LIST = "bundles.json"  # in pagefind/: the other bundles, relative to it ("../pagefind-2/")


class SearchIndexFailed(Exception):
    stage = "search indexing"  # how sitebuild names this failure


def index_site(
    output: Path,
    language: str,
    pages_per_index: int,
    reuse_from: Path | None = None,
    stand_ins: Path | None = None,
) -> tuple[float, int, int]:
    """Build the search index of the site in `output`: the seconds it took, the bundles, and how many
    of them were copied unchanged from `reuse_from` (a folder of kept bundles: see reuse.py).

    With `stand_ins` (the served site) as well, a changed bundle is left for `index_later`
    when the served site has one at its place, which stands in for it meanwhile.
    """
    started = time.perf_counter()
    program = pagefind_program()
    remove_extra_bundles(output)
    fingerprints = {} if reuse_from else None
    groups = page_groups(output, pages_per_index, fingerprints, reuse_from)
    if groups is None:
        run_pagefind([program, "--site", str(output)], language)
        finish_bundle(output / "pagefind")
        write_bundle_list([output / "pagefind"])
        if reuse_from:
            save_later(reuse_from, [])  # what an earlier build left is for an earlier site
        return time.perf_counter() - started, 1, 0
    bundles = [output / bundle_name(number) for number in range(1, len(groups) + 1)]
    keys = [group_fingerprint(group, fingerprints, language) if reuse_from else "" for group in groups]
    reused, later, runs = 0, [], []
    for key, bundle, group in zip(keys, bundles, groups, strict=True):
        if key and restore(reuse_from, key, bundle):  # copied from the cache: no Pagefind run
            reused += 1
        elif key and stand_ins and copy_bundle(stand_ins / bundle.name, bundle):
            later.append((bundle.name, key, group))
        else:
            runs.append((program, output, group, bundle, language, reuse_from, key))
    two_at_a_time(index_group, runs)
    if reuse_from:
        forget_others(reuse_from, set(keys))
        save_later(reuse_from, later)
    write_bundle_list(bundles)
    return time.perf_counter() - started, len(bundles), reused


def pagefind_program() -> str:
    program = get_executable()
    if program is None:
        raise SearchIndexFailed(f"Pagefind's program is not installed. {REINSTALL}")
    return str(program)


def index_group(
    program: str, site: Path, group: list[str], bundle: Path, language: str, cache: Path | None, key: str
) -> None:
    """Index the pages `group` of `site` into `bundle`, and keep the bundle in `cache` under `key`."""
    with staged(site, group) as folder:
        run_pagefind([program, "--site", str(folder), "--output-path", str(bundle)], language)
    finish_bundle(bundle)
    if cache and key:
        keep(cache, key, bundle)


def two_at_a_time(function: Callable, runs: list[tuple]) -> list:
    """`function` called with each of `runs`' arguments, two at a time (Pagefind keeps about one and
    a half cores busy: two runs fill two); what each returned. The first failure is raised once
    the runs under way are done."""
    with ThreadPoolExecutor(PAGEFIND_RUNS_AT_ONCE) as pool:
        started_runs = [pool.submit(function, *arguments) for arguments in runs]
        return [run.result() for run in started_runs]


def index_later(
    site: Path, cache: Path, language: str, stop: Callable[[], bool] = lambda: False
) -> tuple[int, int]:
    """Index the bundles the last build of `site` left for later (SEARCH_INDEX_LATER), and put each
    in place of the one standing in for it, whole; (indexed, still left). Checks `stop` before
    each: what is left stays noted, and the next build of the site leaves it for later again.
    A failure stops it once the runs under way are done (as a build's search step).

    `site` is the served folder: each new bundle is made beside it and swapped in with two
    renames, so a search meets the old bundle or the new one, never half of one.
    """
    later = load_later(cache)
    if not later:
        return 0, 0
    program = pagefind_program()

    def index(name: str, key: str, group: list[str]) -> bool:
        return not stop() and index_again(program, site, name, key, group, language, cache)

    done = two_at_a_time(index, later)
    save_later(cache, [entry for entry, indexed in zip(later, done, strict=True) if not indexed])
    return sum(done), len(later) - sum(done)


def index_again(
    program: str, site: Path, name: str, key: str, group: list[str], language: str, cache: Path
) -> bool:
    """Index `group` of the served `site` into a new bundle and swap it in for the bundle `name`;
    False, with nothing changed, when the pages are no longer those the build fingerprinted as
    `key` (a save's quick refresh rewrote one): the build that the save starts indexes them."""
    if not (site / name / BUNDLE_FILE).is_file():
        return False
    made = Path(tempfile.mkdtemp(prefix=f".{site.name}-{name}-", dir=site.parent))
    try:
        with staged(site, group) as folder:
            pages = {path: page_fingerprint((folder / path).read_bytes()) for path in group}
            if group_fingerprint(group, pages, language) != key:
                return False
            run_pagefind([program, "--site", str(folder), "--output-path", str(made)], language)
        finish_bundle(made)
        keep(cache, key, made)
        if (site / name / BUNDLE_LIST).is_file():  # the first bundle names the others
            shutil.copyfile(site / name / BUNDLE_LIST, made / BUNDLE_LIST)
        made.chmod(0o755)  # as the build's folders (tempfile makes it its owner's only)
        swap_bundle(made, site / name)
        return True
    finally:
        shutil.rmtree(made, ignore_errors=True)


def swap_bundle(made: Path, bundle: Path) -> None:
    """Put the bundle `made` at `bundle`, moving the old one out first (back, if the new one cannot
    take its place) and deleting it after."""
    retired = Path(tempfile.mkdtemp(prefix=f".{bundle.name}-retired-", dir=bundle.parent.parent))
    try:
        bundle.rename(retired / bundle.name)
        try:
            made.rename(bundle)
        except OSError:
            (retired / bundle.name).rename(bundle)
            raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)


def save_later(cache: Path, later: list[tuple[str, str, list[str]]]) -> None:
    """Note the bundles left for `index_later`: (bundle's folder, fingerprint, pages)."""
    cache.mkdir(parents=True, exist_ok=True)
    partial = cache / f".{LATER}.{os.getpid()}"
    with open(partial, "wb") as file:
        pickle.dump(later, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, cache / LATER)


def load_later(cache: Path) -> list[tuple[str, str, list[str]]]:
    try:
        with open(cache / LATER, "rb") as file:
            return pickle.load(file)
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        return []


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
    partial = bundles[0] / f".{BUNDLE_LIST}.partial"
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, bundles[0] / BUNDLE_LIST)  # a new file: never one linked from another bundle


def why_pagefind_failed(result: subprocess.CompletedProcess) -> str:
    """Pagefind's own words when it gave any, and how it ended (a signal means it was killed)."""
    if result.returncode < 0:
        ending = f"Pagefind was stopped by {signal.Signals(-result.returncode).name} before it finished"
    else:
        ending = f"Pagefind failed (exit status {result.returncode})"
    details = (result.stderr or result.stdout).strip()
    return f"{ending}: {details}" if details else f"{ending}."
