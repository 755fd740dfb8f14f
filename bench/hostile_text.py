"""`invoke bench --hostile`: every check a build runs on a text, timed on hostile text of growing size.

A pull request can carry text shaped to make a parser slow. Each family below is
one such shape; each check is timed on each family at 256 KB and at 1 MB, called
directly (without the size limit, which would refuse 1 MB at once). A check whose
time grows in proportion to its input takes about 4 times as long on 1 MB as on
256 KB; one that grows with the square, about 16 times. Reading (Markdown, then
typography) is timed up to the size a build reads, TEXT_MAX_BYTES, on the texts
the limits let through; a text they refuse counts the time of its refusal.

The site-wide checks are timed on many files whose problems all go to the report:
one slug shared by every file, and Related slugs that name nothing.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "plugins") not in sys.path:
    sys.path.append(str(REPO / "plugins"))

from content_model.conversion import typography  # noqa: E402
from content_model.front_matter import parse_front_matter  # noqa: E402
from content_model.limits import nesting_problem  # noqa: E402
from content_model.markup_checks import Body, sanitiser_problems  # noqa: E402
from content_model.sanitise import Sanitiser  # noqa: E402
from content_model.site_checks import Item, duplicate_slugs, unknown_related  # noqa: E402
from markdown import Markdown  # noqa: E402

KB = 1024
SIZES = (256 * KB, 1024 * KB)  # the checks
READING_SIZES = (75_000, 300_000)  # reading, up to TEXT_MAX_BYTES
FILE_COUNTS = (2_500, 10_000)  # the site-wide checks
DEPTH, BLOCK = 16, 30_000  # NESTING_MAX_DEPTH, PARAGRAPH_MAX_CHARACTERS: the defaults in pelicanconf.py


def repeated(piece: str) -> Callable[[int], str]:
    return lambda size: piece * (size // len(piece))


FAMILIES: dict[str, Callable[[int], str]] = {
    "brackets left open": repeated("["),
    "brackets open in every paragraph": repeated("[" * 15 + " word" * 100 + "\n\n"),
    "'<' left open": repeated("<a "),
    "lists nested 15 deep": lambda size: (
        ("\n".join(" " * 4 * n + "- a" for n in range(15)) + "\n\n") * (size // 1700)
    ),
    "HTML nested 15 deep": repeated("<div>" * 15 + "x" + "</div>" * 15 + "\n\n"),
    "one paragraph of markup": repeated("*a* `b` <b>c</b> [d](/e) &amp; "),
    "short paragraphs of markup": repeated("*a* `b` <b>c</b> [d](/e) &amp; " * 20 + "\n\n"),
    "event handlers": repeated('<p onclick="x" onmouseover="y">a</p>\n\n'),
    "scripts": repeated("<script>alert(1)</script>\n\n"),
    "comment tricks": repeated("<!--><script src=//evil.example/x.js></script>-->\n\n"),
    "one heading, repeated": repeated("# A heading\n\n"),
    "front matter only": lambda size: "".join(f"Key{n}: value\n" for n in range(size // 16)),
    "entities": repeated("&#106;&lt;&amp;"),
}


def markdown() -> Markdown:
    return Markdown(
        extensions=["markdown.extensions.extra", "markdown.extensions.toc", "markdown.extensions.meta"],
        output_format="html5",
    )


SANITISER = Sanitiser()
TYPOGRAPHY = {"TYPOGRAPHY": True, "TYPOGRIFY_OMIT_FILTERS": ["widont", "amp", "caps", "initial_quotes"]}


def reported_lines(text: str) -> None:
    """Everything a file's raw HTML costs when it is refused: the findings and each one's line."""
    sanitiser_problems(Body("content/blog/hostile.md", text, ""), SANITISER.findings(text))


CHECKS: dict[str, Callable[[str], object]] = {
    "size and nesting limits": lambda text: nesting_problem(text, DEPTH, BLOCK),
    "front matter": parse_front_matter,
    "sanitiser: clean": SANITISER.clean,
    "sanitiser: findings and their lines": reported_lines,
}


READING = "reading: Markdown and typography"


def read_within_limits(text: str) -> None:
    """What a build does with a text: refuse it by the limits, or convert it."""
    if nesting_problem(text, DEPTH, BLOCK) is None:
        html = markdown().convert(text)
        SANITISER.clean(typography(html, TYPOGRAPHY))


def site_checks(count: int) -> None:
    items = [
        Item(f"content/blog/{n}.md", "blog", "same-slug", "Title", 1, related=(f"missing-{n}",))
        for n in range(count)
    ]
    duplicate_slugs(items)
    unknown_related(items)


@dataclass
class Timing:
    check: str
    family: str
    sizes: tuple[int, int]
    seconds: tuple[float, float]  # the median of the runs at each size

    @property
    def growth(self) -> float:
        return self.seconds[1] / max(self.seconds[0], 1e-6)


def median_seconds(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(
    runs: int = 3,
    progress=print,
    sizes: tuple[int, int] = SIZES,
    reading_sizes: tuple[int, int] = READING_SIZES,
    file_counts: tuple[int, int] = FILE_COUNTS,
) -> list[Timing]:
    """The slowest family of each check, by its time at the larger size (smaller sizes make a quick test)."""
    slowest: list[Timing] = []
    for check, function in [*CHECKS.items(), (READING, read_within_limits)]:
        check_sizes = reading_sizes if check == READING else sizes
        timings = []
        for family, make in FAMILIES.items():
            progress(f"hostile text: {check}, {family}")
            texts = [make(size) for size in check_sizes]
            seconds = tuple(median_seconds(lambda text=text: function(text), runs) for text in texts)
            timings.append(Timing(check, family, check_sizes, seconds))
        slowest.append(max(timings, key=lambda timing: timing.seconds[1]))
    progress("hostile text: site-wide checks")
    seconds = tuple(median_seconds(lambda count=count: site_checks(count), runs) for count in file_counts)
    slowest.append(Timing("site checks: one slug, unknown Related", "every file", file_counts, seconds))
    return slowest


def size_label(size: int, files: bool) -> str:
    if files:
        return f"{size:,} files"
    return f"{size // KB} KB" if size % KB == 0 else f"{size / 1000:.0f} kB"


def table(timings: list[Timing]) -> str:
    lines = [
        "| check | slowest family | smaller input | s | larger input | s | growth (linear ≈ 4) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for timing in timings:
        files = timing.family == "every file"
        small, large = (size_label(size, files) for size in timing.sizes)
        lines.append(
            f"| {timing.check} | {timing.family} | {small} | {timing.seconds[0]:.3f} | {large} "
            f"| {timing.seconds[1]:.3f} | {timing.growth:.1f} |"
        )
    return "\n".join(lines)


def document(timings: list[Timing], runs: int) -> str:
    return (
        f"## Hostile text (medians of {runs} runs)\n\n"
        "Each check on every family of hostile text; the slowest family per check. Reading is timed up to\n"
        "TEXT_MAX_BYTES, on what the limits let through (a refused text counts the time of its refusal).\n\n"
        + table(timings)
    )
