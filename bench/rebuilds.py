"""What a writer waits for: a rebuild after changing one article, and save-to-refresh in the preview.

Both run on a copy of the corpus (an article is changed) with the development
settings, which are the ones with the content cache: `invoke build` and
`invoke serve` as a comms officer runs them.
"""

from __future__ import annotations

import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .runner import CONFIGURATIONS, project_for, run_child

STARTUP_SECONDS = 1800  # the preview's first build of 10,000 articles on a busy machine
REFRESH_SECONDS = 300
SEARCH_SECONDS = 60  # the search bundles the full build left, after it (all of them: 7 s at 10,000 articles)
SAVES = 20  # different posts saved in a row, as in issue 16
SAVE_INTERVAL = 2.0  # seconds from one page served to the next save: someone editing


@dataclass
class Rebuilds:
    cold_seconds: list[float] = field(default_factory=list)  # development build, empty cache
    warm_seconds: list[float] = field(default_factory=list)  # the same, after one article changed
    cold_peak_mb: list[float] = field(default_factory=list)
    warm_peak_mb: list[float] = field(default_factory=list)
    refresh_seconds: list[float] = field(default_factory=list)  # each save to the preview serving its page
    settled_seconds: float | None = None  # the last save to the preview's full build finished
    search_seconds: float | None = None  # the last save to the search bundles that build left indexed
    preview_growth_mb: float | None = None  # the preview's memory after the saves, less after its first build
    failure: str = ""


def editable_copy(corpus: Path, workdir: Path) -> Path:
    """A copy of `corpus` the benchmark may change, made once per corpus."""
    copy = workdir / "content"
    if not copy.is_dir():
        shutil.copytree(corpus, copy)
    return copy


def changed_article(content: Path) -> Path:
    """The article each measure changes: the first by path, a fixed choice."""
    return sorted(content.rglob("*.md"))[0]


def change(article: Path, marker: str) -> None:
    """Save `article` with a new last paragraph, as a writer would."""
    text = article.read_text(encoding="utf-8").rstrip("\n")
    text = text.rsplit("\n\nBenchmark edit ", 1)[0]
    article.write_text(f"{text}\n\nBenchmark edit {marker}.\n", encoding="utf-8")


def measure_rebuilds(corpus: Path, workdir: Path, code: Path, runs: int, into: Rebuilds) -> None:
    """Per run: a cold development build, then one article changed and a warm build."""
    content = editable_copy(corpus, workdir)
    project = project_for(CONFIGURATIONS["site"], content, workdir, workdir / "related.json", code)
    command = [sys.executable, "-m", "sitebuild", "build", "--project", str(project)]
    article = changed_article(content)
    for number in range(runs):
        for stale in (project / "cache", project / "output"):
            shutil.rmtree(stale, ignore_errors=True)
        for seconds, peak, measured in (
            (into.cold_seconds, into.cold_peak_mb, "cold"),
            (into.warm_seconds, into.warm_peak_mb, "warm"),
        ):
            if measured == "warm":
                change(article, f"warm {number}")
            status, elapsed, peak_mb, errors = run_child(command, code)
            if status != 0:
                into.failure = errors.strip().splitlines()[-1] if errors.strip() else f"exit status {status}"
                return
            seconds.append(elapsed)
            peak.append(peak_mb)


def measure_save_to_refresh(corpus: Path, workdir: Path, code: Path, into: Rebuilds) -> None:
    """`invoke serve` on the corpus: SAVES different articles saved in a row, SAVE_INTERVAL apart;
    for each, the time until its own page is served new; then the time until the full build
    after the last save is done (every page served new), how much the preview's resident memory
    grew by then, and the time until the search bundles that build left for after it are done."""
    content = editable_copy(corpus, workdir)
    project = project_for(CONFIGURATIONS["site"], content, workdir, workdir / "related.json", code)
    articles = sorted(content.rglob("*.md"))[:: max(1, len(list(content.rglob("*.md"))) // SAVES)][:SAVES]
    port = free_port()
    command = [sys.executable, "-m", "sitebuild", "serve", "--project", str(project), "--port", str(port)]
    preview = subprocess.Popen(
        command, cwd=code, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8"
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in preview.stdout], daemon=True).start()
    try:
        wait_for_line(lines, "Previewing at", STARTUP_SECONDS)
        first_mb = resident_mb(preview.pid)
        addresses = [f"http://127.0.0.1:{port}/{page_address(project, article)}" for article in articles]
        for number, (article, url) in enumerate(zip(articles, addresses, strict=True)):
            marker = f"refresh {number} {time.time_ns()}"
            saved = time.perf_counter()
            change(article, marker)
            wait_until_served(url, marker, REFRESH_SECONDS)
            into.refresh_seconds.append(time.perf_counter() - saved)
            time.sleep(SAVE_INTERVAL)
        drain(lines)
        wait_for_line(lines, "Rebuilt the whole site", REFRESH_SECONDS)  # the full build after the last save
        into.settled_seconds = time.perf_counter() - saved
        into.preview_growth_mb = resident_mb(preview.pid) - first_mb
        try:  # then the search bundles whose pages changed (SEARCH_INDEX_LATER; none in a one-bundle site)
            wait_for_line(lines, "Brought the search up to date", SEARCH_SECONDS)
            into.search_seconds = time.perf_counter() - saved
        except TimeoutError:
            pass
    except TimeoutError as timeout:
        into.failure = str(timeout)
    finally:
        preview.terminate()
        preview.wait(timeout=30)


def page_address(project: Path, article: Path) -> str:
    """The address of `article`'s page below the site root, read from its built page's canonical link."""
    slug = next(
        (
            line.split(":", 1)[1].strip()
            for line in article.read_text(encoding="utf-8").splitlines()
            if line.lower().startswith("slug:")
        ),
        None,
    )
    previewed = project / "preview"  # the preview's own folder (PREVIEW_OUTPUT_PATH)
    matches = sorted(previewed.glob(f"*/{slug}/index.html")) if slug else []
    if not matches:
        raise TimeoutError(f"No built page found for {article}")
    return matches[0].parent.relative_to(previewed).as_posix() + "/"


def resident_mb(pid: int) -> float:
    """A process's resident memory now (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def drain(lines: queue.Queue[str]) -> None:
    """Forget what the preview printed so far (full builds the saves cancelled or finished)."""
    while not lines.empty():
        lines.get_nowait()


def wait_for_line(lines: queue.Queue[str], start: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if lines.get(timeout=1).startswith(start):
                return
        except queue.Empty:
            continue
    raise TimeoutError(f"The preview did not print {start!r} within {seconds} s")


def wait_until_served(url: str, marker: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if marker in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show the change within {seconds} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
