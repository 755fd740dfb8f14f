"""Bench-only Pelican plugin: how long each stage of one build took, written to BENCH_STAGES_FILE.

Stages, in the order Pelican runs them:
- reading: from Pelican's start to the end of every generator's context (Markdown, the content cache,
  the content model's checks);
- site data: the whole-site step (related articles, listings, checks), until the writer is made;
- writing pages and feeds: time inside the writer's write_file and write_feed;
- Pelican in all: until this plugin's own `finalized` receiver, which runs after the
  other plugins' (search indexing...) because this plugin is loaded last, plus compression
  (pelican-precompress, on signals sent after `finalized`).
The runner reads related articles' and search indexing's times from their log lines and
counts the rest (static files, sitemap, compression...) and the time outside Pelican
(starting Python, swapping output/) from the difference.
"""

from __future__ import annotations

import json
import time

import blinker
from pelican import signals
from pelican.writers import Writer

marks: dict[str, float] = {}
inside = {"pages": 0.0, "feeds": 0.0}


class TimingWriter(Writer):
    def write_file(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return super().write_file(*args, **kwargs)
        finally:
            inside["pages"] += time.perf_counter() - started

    def write_feed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return super().write_feed(*args, **kwargs)
        finally:
            inside["feeds"] += time.perf_counter() - started


def started(pelican_object) -> None:
    marks["start"] = time.perf_counter()


def read_everything(generators) -> None:
    marks["read"] = time.perf_counter()


def timing_writer(pelican_object):
    marks["site data"] = time.perf_counter()
    return TimingWriter


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
        "reading": marks["read"] - marks["start"],
        "site data": marks["site data"] - marks["read"],
        "writing pages": inside["pages"],
        "feeds": inside["feeds"],
        "compression": compression,
    }
    with open(pelican_object.settings["BENCH_STAGES_FILE"], "w", encoding="utf-8") as file:
        json.dump(stages, file)


def register():
    signals.initialized.connect(started)
    signals.all_generators_finalized.connect(read_everything)
    signals.get_writer.connect(timing_writer)
    signals.finalized.connect(finished)
    # pelican-granular-signals sends these after `finalized`: "minify" just before "compress", "deploy" after.
    blinker.signal("minify").connect(compression_starts)
    blinker.signal("deploy").connect(compression_ended)
