"""The corpora a benchmark builds: the real pyvideo archive and synthetic ones with a ground truth."""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path

from .synthetic import generate

REAL_ARCHIVE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "pyvideo-talks.tar.gz"


def real(count: int, workdir: Path, archive: Path = REAL_ARCHIVE) -> Path:
    """The first `count` articles of the real corpus (by path), unpacked once and reused."""
    unpacked = workdir / "pyvideo"
    if not (unpacked / "pyvideo-talks").is_dir():
        unpacked.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(unpacked, filter="data")
    source = unpacked / "pyvideo-talks"
    files = sorted(source.rglob("*.md"))
    if count >= len(files):
        return source
    subset = workdir / f"pyvideo-{count}"
    if not subset.is_dir():
        for path in files[:count]:
            target = subset / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return subset


def synthetic(count: int, workdir: Path) -> tuple[Path, dict[str, int]]:
    """A synthetic corpus of `count` posts and its hidden topics, generated once and reused."""
    folder = workdir / f"synthetic-{count}"
    truth_file = folder / "truth.json"
    if not truth_file.exists():
        content = folder / "content"
        shutil.rmtree(folder, ignore_errors=True)
        generate(count, content)
        (content / "truth.json").rename(truth_file)
    return folder / "content", json.loads(truth_file.read_text(encoding="utf-8"))
