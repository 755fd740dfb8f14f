"""Corpora as the related-articles index sees them: lists of `Record`s, without building a site.

Synthetic posts become Records in memory, in the shape the plugin makes from a
built post (plain-text body, title, tags, category, authors, region, the
date's midnight in the site's time zone). The real talks are read as a build
reads them: a project like the benchmark's builds (bench/runner.py
`project_for`), read by the site's own pipeline (`SiteBuild.read()`, every
plugin but `related`) in a child process, and `related.hooks.record_of` for
each blog post and regional update. Those Records are pickled in the work
folder, keyed by the archive and the code that reads it, so later runs take
seconds.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from . import corpora
from .runner import CONFIGURATIONS, REPO, SITEURL, project_for
from .synthetic import Post

PLUGINS = REPO / "plugins"
if str(PLUGINS) not in sys.path:
    sys.path.append(str(PLUGINS))  # the site's plugins, importable as in a build (and as pytest has them)

from related.index import Record  # noqa: E402

SITE_TIME_ZONE = ZoneInfo("Europe/London")  # pelicanconf.py's TIMEZONE
REAL_TALKS = 10_000  # the whole pyvideo archive
READING_CODE = ("pelicanconf.py", "publishconf.py", "plugins", "sitebuild")  # what decides a talk's Record


def record_from(post: Post) -> Record:
    """The Record a build would make of a synthetic post."""
    midnight = datetime.datetime.combine(post.date, datetime.time(), tzinfo=SITE_TIME_ZONE)
    return Record(
        key=post.slug,
        title=post.title,
        text="\n\n".join(post.paragraphs),
        tags=post.tags,
        category=post.category,
        region=post.region,
        authors=(post.author,),
        timestamp=midnight.timestamp(),
    )


def real_talks(workdir: Path, progress=print, archive: Path | None = None) -> list[Record]:
    """The real talks' Records (from `archive`, by default corpora.REAL_ARCHIVE), read once per
    archive and reading code, then from the cache."""
    archive = archive or corpora.REAL_ARCHIVE
    cache = workdir / "corpora" / f"pyvideo-records-{cache_key(archive)}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    progress(f"Reading the {REAL_TALKS} real talks as a build does (once; cached in {cache.name})...")
    corpus = corpora.real(REAL_TALKS, workdir / "corpora", archive)
    folder = workdir / "records"
    project = project_for(
        CONFIGURATIONS["site-without-related"], corpus, folder, folder / "unused.json", REPO
    )
    records = read_in_child(project)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=cache.parent, delete=False) as partial:
        pickle.dump(records, partial)
    os.replace(partial.name, cache)
    return records


def cache_key(archive: Path) -> str:
    """A digest of the archive's size and time and of every file of the code that reads it."""
    digest = hashlib.sha256(f"{archive.stat().st_size} {archive.stat().st_mtime_ns}".encode())
    for part in READING_CODE:
        source = REPO / part
        for path in sorted(source.rglob("*.py")) if source.is_dir() else [source]:
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def read_in_child(project: Path) -> list[Record]:
    """`records_of_project` in a fresh process: Pelican's plugins and memory stay out of this one."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "records.pickle"
        finished = subprocess.run(
            [sys.executable, "-m", "bench.records", str(project), str(output)],
            cwd=REPO,
            env={**os.environ, "SITEURL": SITEURL},
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        if finished.returncode != 0:
            raise RuntimeError(f"reading {project} failed:\n{finished.stderr[-3000:]}")
        return pickle.loads(output.read_bytes())


def records_of_project(project: Path) -> list[Record]:
    """Every blog post's and regional update's Record, as the related plugin makes them in a production build."""
    from sitebuild.build import load_settings
    from sitebuild.pipeline import SiteBuild

    settings = load_settings(project, production=True)
    generators = SiteBuild(settings).read()
    # importable once Pelican has loaded the plugins
    from content_model.clock import build_now
    from content_model.hooks import all_contents
    from related.hooks import KINDS, config_from, record_of

    now = build_now(settings)
    text_chars = config_from(settings).text_chars
    return [
        record_of(article, now, text_chars) for article in all_contents(generators) if article.kind in KINDS
    ]


if __name__ == "__main__":
    project_folder, output_file = map(Path, sys.argv[1:3])
    Path(output_file).write_bytes(pickle.dumps(records_of_project(project_folder)))
