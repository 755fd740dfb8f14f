"""The benchmark's table, printed and written to a file so two runs can be compared."""

from __future__ import annotations

import math
import platform
import statistics
from dataclasses import dataclass

from .quality import Quality
from .runner import Measure


@dataclass
class Row:
    corpus: str
    articles: int
    configuration: str
    measure: Measure
    quality: Quality | None = None


def spread(values: list[float], digits: int = 1) -> str:
    if not values:
        return "–"
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:.{digits}f}"
    return f"{middle:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def table(rows: list[Row]) -> str:
    lines = [
        "| corpus | articles | configuration | build s, median (min–max) | peak MB | related s | search index s "
        "| P@5 | empty lists |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        measure = row.measure
        if measure.failure:
            lines.append(
                f"| {row.corpus} | {row.articles} | {row.configuration} | failed: {measure.failure} | | | | | |"
            )
            continue
        quality = row.quality
        lines.append(
            f"| {row.corpus} | {row.articles} | {row.configuration} | {spread(measure.seconds)} "
            f"| {spread(measure.peak_mb, 0)} | {spread(measure.related_seconds, 2)} "
            f"| {spread(measure.search_seconds, 1)} "
            f"| {f'{quality.precision:.3f}' if quality else '–'} "
            f"| {f'{quality.empty_share:.1%}' if quality else '–'} |"
        )
    return "\n".join(lines)


def plugin_cost(rows: list[Row]) -> list[str]:
    """What the related plugin adds over the same site without it, per corpus and size."""
    found = []
    keyed = {(row.corpus, row.articles, row.configuration): row.measure for row in rows}
    for (corpus, articles, name), measure in keyed.items():
        if name != "This site":
            continue
        without = keyed.get((corpus, articles, "This site without related articles"))
        if not without or not measure.seconds or not without.seconds:
            continue
        added = statistics.median(measure.seconds) - statistics.median(without.seconds)
        share = added / statistics.median(without.seconds)
        memory = statistics.median(measure.peak_mb) - statistics.median(without.peak_mb)
        inside = statistics.median(measure.related_seconds) if measure.related_seconds else math.nan
        found.append(
            f"- {corpus}, {articles} articles: the related plugin adds {added:+.1f} s ({share:+.1%}) to the "
            f"build by difference of medians, {inside:.2f} s measured inside the plugin, and {memory:+.0f} MB "
            "of peak memory."
        )
    return found


def search_costs(rows: list[Row], costs: dict[tuple[str, int], dict[str, int]]) -> list[str]:
    lines = []
    for (corpus, articles), sizes in costs.items():
        build = next(
            row.measure
            for row in rows
            if (row.corpus, row.articles, row.configuration) == (corpus, articles, "This site")
        )
        share = (
            statistics.median(build.search_seconds) / statistics.median(build.seconds)
            if build.search_seconds
            else math.nan
        )
        lines.append(
            f"- {corpus}, {articles} articles: search indexing is {share:.1%} of the build; one search downloads "
            f"{sizes['search'] / 1024:.0f} KB of index (plus {sizes['page'] / 1024:.0f} KB for the page, its CSS and JS)."
        )
    return lines


def document(rows: list[Row], started: str, runs: int, costs: dict | None = None) -> str:
    return "\n".join(
        [
            f"# Benchmark, {started}",
            "",
            f"Machine: {platform.machine()}, Python {platform.python_version()}; "
            f"{runs} cold production build(s) per line; medians with (min–max).",
            "",
            table(rows),
            "",
            *plugin_cost(rows),
            *search_costs(rows, costs or {}),
            "",
            "P@5: share of the first five related articles that share the article's hidden topic (missing picks "
            "count as wrong); only synthetic corpora have a ground truth.",
        ]
    )
