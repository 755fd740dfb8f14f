"""Index the built site with Pagefind, as the last step of every build.

Pagefind reads the HTML just written and puts its index in <output>/pagefind/.
It runs on the staging folder, before that folder replaces output/, so the
published site and its index always match, and an indexing failure fails the
build like any other.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from pagefind.service import get_executable  # the pagefind_bin program, or PAGEFIND_BINARY_PATH

from .stable import sort_filters

REINSTALL = "Reinstall it with: .venv/bin/pip install -r requirements.txt -c constraints.txt"


class SearchIndexFailed(Exception):
    stage = "search indexing"  # how sitebuild names this failure


def index_site(output: Path, language: str) -> float:
    """Build the search index of the site in `output`; return the seconds it took."""
    started = time.perf_counter()
    program = get_executable()
    if program is None:
        raise SearchIndexFailed(f"Pagefind's program is not installed. {REINSTALL}")
    command = [str(program), "--site", str(output), "--force-language", language, "--silent"]
    try:
        result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        raise SearchIndexFailed("Pagefind did not finish within 30 minutes and was stopped.") from None
    except OSError as error:
        raise SearchIndexFailed(
            f"Pagefind could not start ({program}: {error.strerror}). {REINSTALL}"
        ) from None
    if result.returncode != 0:
        raise SearchIndexFailed(why_pagefind_failed(result))
    if not (output / "pagefind" / "pagefind.js").is_file():
        raise SearchIndexFailed("Pagefind finished but wrote no index (pagefind/pagefind.js is missing).")
    sort_filters(output / "pagefind")  # Pagefind writes them in a random order (see stable.py)
    return time.perf_counter() - started


def why_pagefind_failed(result: subprocess.CompletedProcess) -> str:
    """Pagefind's own words when it gave any, and how it ended (a signal means it was killed)."""
    if result.returncode < 0:
        ending = f"Pagefind was stopped by {signal.Signals(-result.returncode).name} before it finished"
    else:
        ending = f"Pagefind failed (exit status {result.returncode})"
    details = (result.stderr or result.stdout).strip()
    return f"{ending}: {details}" if details else f"{ending}."
