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


STAGES = (
    "reading",
    "related articles",
    "other site data",
    "writing pages",
    "feeds and files",
    "search indexing",
    "compression",
    "other finishing",
    "outside Pelican",
)


def stage_table(rows: list[Row]) -> list[str]:
    """Each site build's median seconds per stage and its share, so the next bottleneck is visible."""
    lines = [
        "",
        "Where this site's cold production builds spend their time (median seconds, share of the build):",
        "",
        "| corpus | articles | configuration | " + " | ".join(STAGES) + " |",
        "| --- | ---: | --- |" + " ---: |" * len(STAGES),
    ]
    for row in rows:
        stages = row.measure.stages
        if not stages or row.measure.failure:
            continue
        medians = {name: statistics.median(run[name] for run in stages) for name in STAGES}
        total = statistics.median(row.measure.seconds)
        cells = " | ".join(f"{medians[name]:.1f} ({medians[name] / total:.0%})" for name in STAGES)
        lines.append(f"| {row.corpus} | {row.articles} | {row.configuration} | {cells} |")
    return lines


def ratio(numerator: list[float], denominator: list[float]) -> str:
    if not numerator or not denominator:
        return "–"
    return f"{statistics.median(numerator) / statistics.median(denominator):.2f}×"


def targets(rows: list[Row], rebuilds: dict) -> list[str]:
    """The issue's targets, as ratios of medians measured in this run."""
    keyed = {(row.corpus, row.articles, row.configuration): row.measure for row in rows}
    lines = ["", "Targets (ratios of medians from this run):", ""]
    for (corpus, articles, name), measure in keyed.items():
        if name != "This site":
            continue
        bare = keyed.get((corpus, articles, "Pelican alone (default theme, no plugins)"))
        if bare:
            lines.append(
                f"- {corpus}, {articles}: cold production build {ratio(measure.seconds, bare.seconds)} "
                f"bare Pelican's (target ≤ 1.00×); peak memory {ratio(measure.peak_mb, bare.peak_mb)} "
                "(target ≤ 1.50×)"
            )
        again = rebuilds.get((corpus, articles))
        if again and again.warm_seconds:
            lines.append(
                f"- {corpus}, {articles}: warm development rebuild after one article changed: "
                f"{ratio(again.warm_seconds, measure.seconds)} the cold production build, "
                f"{ratio(again.warm_seconds, again.cold_seconds)} the cold development build (target ≤ 0.25×)"
            )
        if again and again.refresh_seconds:
            own = statistics.median(again.refresh_seconds)
            limit = 0.3 if articles <= 1000 else 1.0
            lines.append(
                f"- {corpus}, {articles}: save to own page served, median {own:.2f} s, slowest of the last five "
                f"{max(again.refresh_seconds[-5:]):.2f} s (target ≤ {limit} s); whole site "
                f"{again.settled_seconds or 0:.1f} s after the last save (target ≤ 5 s), its search "
                f"{again.search_seconds or 0:.1f} s after; preview memory growth "
                f"{again.preview_growth_mb or 0:.0f} MB over {len(again.refresh_seconds)} saves (target ≤ 100 MB)"
            )
    return lines


def rebuild_table(rebuilds: dict) -> list[str]:
    if not rebuilds:
        return []
    lines = [
        "",
        "Development builds (`invoke build`, content cache) and the preview (`invoke serve`):",
        "",
        "| corpus | articles | cold build s | peak MB | warm rebuild s (one article changed) | peak MB "
        "| save to own page served s (20 saves) | last 5 saves s | last save to whole site s "
        "| last save to its search s | preview memory growth MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (corpus, articles), measure in rebuilds.items():
        if measure.failure:
            lines.append(f"| {corpus} | {articles} | failed: {measure.failure} | | | | | | | | |")
            continue
        settled = f"{measure.settled_seconds:.1f}" if measure.settled_seconds is not None else "–"
        search = f"{measure.search_seconds:.1f}" if measure.search_seconds is not None else "–"
        growth = f"{measure.preview_growth_mb:.0f}" if measure.preview_growth_mb is not None else "–"
        lines.append(
            f"| {corpus} | {articles} | {spread(measure.cold_seconds)} | {spread(measure.cold_peak_mb, 0)} "
            f"| {spread(measure.warm_seconds)} | {spread(measure.warm_peak_mb, 0)} "
            f"| {spread(measure.refresh_seconds, 2)} | {spread(measure.refresh_seconds[-5:], 2)} "
            f"| {settled} | {search} | {growth} |"
        )
    return lines


def document(
    rows: list[Row], started: str, runs: int, costs: dict | None = None, rebuilds: dict | None = None
) -> str:
    return "\n".join(
        [
            f"# Benchmark, {started}",
            "",
            f"Machine: {platform.machine()}, Python {platform.python_version()}; "
            f"{runs} cold production build(s) per line; medians with (min–max).",
            "",
            table(rows),
            *stage_table(rows),
            *rebuild_table(rebuilds or {}),
            *targets(rows, rebuilds or {}),
            "",
            *plugin_cost(rows),
            *search_costs(rows, costs or {}),
            "",
            "P@5: share of the first five related articles that share the article's hidden topic (missing picks "
            "count as wrong), in the built site with the installed plugins; only synthetic corpora have a ground "
            "truth. The quality step below measures the rankings on more corpora, tuned on and not.",
        ]
    )


def quality_table(rows: list, timings: list) -> str:
    """The quality step (bench/evaluation.py): every ranking on every corpus, tuning corpora first."""
    lines = [
        "## Related articles: quality on corpora tuned on and not",
        "",
        "Weights may be tuned only on `tune` corpora and talks; `report` ones judge a change "
        "(bench/evaluation.py). P@5: share of the first five picks sharing the article's hidden main topic. "
        "Hidden tag at 5: the tags of half the tagged talks are removed; share of such a talk's first five "
        "picks whose original tags include one of its hidden tags, for the talks of the tuning conferences, "
        "of the others, and of both. ± is the standard error: smaller differences are noise. Missing picks "
        "count as misses; empty lists are of all articles (synthetic) or of the talks whose tags were hidden "
        "(real).",
        "",
        "| corpus | set | ranking | measure | score | empty lists | self-links | same lists when shuffled | s |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row.corpus} | {row.part} | {row.ranking} | {row.measure} "
            f"| {row.score:.3f} ± {row.standard_error:.3f} | {row.empty_share:.1%} "
            f"| {row.self_links} | {'yes' if row.identical_when_shuffled else 'NO'} | {row.seconds:.2f} |"
        )
    lines += [
        "",
        "| corpus | articles | made or read, s | all rankings and checks, s |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {timing.corpus} | {timing.articles} | {timing.making_seconds:.1f} | {timing.total_seconds:.1f} |"
        for timing in timings
    ]
    return "\n".join(lines)
