"""Index the built site with Pagefind, as the last step of every build.

Pagefind reads the HTML just written and puts its index in <output>/pagefind/.
It runs on the staging folder, before that folder replaces output/, so the
published site and its index always match, and an indexing failure fails the
build like any other.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


class SearchIndexFailed(Exception):
    pass


def index_site(output: Path, language: str) -> float:
    """Build the search index of the site in `output`; return the seconds it took."""
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(output),
        "--force-language",
        language,
        "--silent",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexFailed(f"Pagefind could not run: {error}") from None
    if result.returncode != 0 or not (output / "pagefind" / "pagefind.js").is_file():
        details = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
        raise SearchIndexFailed(f"Pagefind could not index the site: {details}")
    return time.perf_counter() - started
