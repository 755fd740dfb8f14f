"""Bench-only Pelican plugin: how long each stage of one build took, written to BENCH_STAGES_FILE.

Stages, in the order the build (sitebuild/pipeline.py) runs them, as it times them itself:
- reading: every generator's context (Markdown, the content cache, the content model's checks);
- site data: the whole-site step (related articles, listings, checks);
- writing pages: the models of the pages, feeds, calendars and sitemap made and written (sitebuild/pages);
- feeds and files: theme and static files (the name is older: feeds are written with the pages);
- Pelican in all: from `initialized` until this plugin's own `finalized` receiver, which runs after the
  other plugins' (search indexing...) because this plugin is loaded last, plus compression
  (pelican-precompress, on signals sent after `finalized`).
The runner reads related articles' and search indexing's times from their log lines and
counts the rest (static files, compression...) and the time outside Pelican
(starting Python, swapping output/) from the difference.
"""

from __future__ import annotations

import json
import time

import blinker
from pelican import signals

marks: dict[str, float] = {}


def started(pelican_object) -> None:
    marks["start"] = time.perf_counter()


def finished(pelican_object) -> None:
    marks["finalized"] = time.perf_counter()
    write_stages(pelican_object, compression=0.0)


def compression_starts(pelican_object) -> None:
    marks["compression"] = time.perf_counter()


def compression_ended(pelican_object) -> None:
    """pelican-precompress runs on the "compress" signal, sent after `finalized` (production only)."""
    write_stages(pelican_object, compression=time.perf_counter() - marks["compression"])


def write_stages(pelican_object, compression: float) -> None:
    stages = {
        "pelican": marks["finalized"] - marks["start"] + compression,
        **pelican_object.stage_seconds,
        "compression": compression,
    }
    with open(pelican_object.settings["BENCH_STAGES_FILE"], "w", encoding="utf-8") as file:
        json.dump(stages, file)


def register():
    signals.initialized.connect(started)
    signals.finalized.connect(finished)
    # pelican-granular-signals sends these after `finalized`: "minify" just before "compress", "deploy" after.
    blinker.signal("minify").connect(compression_starts)
    blinker.signal("deploy").connect(compression_ended)
