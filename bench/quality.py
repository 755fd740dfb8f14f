"""How good related lists are: precision at k against a hidden ground truth, how often they
recover tags that were hidden, and the checks every ranking gets (self-links, empty lists)."""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Quality:
    precision: float  # mean over articles of (truly related picks in the first k) / k
    empty_share: float  # share of articles whose list is empty
    articles: int
    standard_error: float  # of the mean: differences much smaller than this are noise


def precision_at(lists: dict[str, list[str]], truth: dict[str, int], k: int = 5) -> Quality:
    """Missing picks count as wrong, so an empty list scores 0 rather than being skipped."""
    scored = sorted(truth)
    each = []
    empty = 0
    for slug in scored:
        picks = lists.get(slug, [])[:k]
        if not picks:
            empty += 1
        each.append(sum(truth.get(pick) == truth[slug] for pick in picks) / k)
    return Quality(statistics.fmean(each), empty / len(scored), len(scored), standard_error(each))


@dataclass(frozen=True)
class HiddenTagQuality:
    shared: float  # mean over talks whose tags were hidden of (picks carrying one of them in the first k) / k
    empty_share: float  # share of those talks whose list is empty
    talks: int
    standard_error: float  # of the mean


def folded(tags) -> frozenset[str]:
    """Tags compared as the index compares them: trimmed, case ignored."""
    return frozenset(tag.strip().casefold() for tag in tags if tag.strip())


def hide_tags(records: list, seed: int) -> tuple[list, dict[str, frozenset[str]]]:
    """The records with the tags of half the tagged ones (rounded down, drawn with `seed`) removed,
    and key -> the tags hidden. The draw depends on the keys only, not on the records' order."""
    tagged = sorted(record.key for record in records if folded(record.tags))
    chosen = set(random.Random(seed).sample(tagged, len(tagged) // 2))
    hidden = {record.key: folded(record.tags) for record in records if record.key in chosen}
    return [replace(record, tags=()) if record.key in chosen else record for record in records], hidden


def hidden_tag_share(
    lists: dict[str, list[str]],
    hidden: dict[str, frozenset[str]],
    original: dict[str, frozenset[str]],
    k: int = 5,
) -> HiddenTagQuality:
    """How often a talk's first k picks carry (in their original tags) one of the talk's hidden tags.

    Missing picks count as misses, so an empty list scores 0 rather than being skipped.
    """
    each = []
    empty = 0
    for key, tags in sorted(hidden.items()):
        picks = lists.get(key, [])[:k]
        empty += not picks
        each.append(sum(bool(original.get(pick, frozenset()) & tags) for pick in picks) / k)
    mean = statistics.fmean(each) if each else 0.0
    return HiddenTagQuality(mean, empty / max(len(hidden), 1), len(hidden), standard_error(each))


def standard_error(values: list[float]) -> float:
    """The standard error of the mean of `values` (0 for fewer than two)."""
    return statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0.0


def self_links(lists: dict[str, list[str]]) -> int:
    """Lists that hold the article itself."""
    return sum(key in picks for key, picks in lists.items())


def empty_share(lists: dict[str, list[str]], keys) -> float:
    """Share of `keys` whose list is empty or missing."""
    keys = list(keys)
    return sum(not lists.get(key) for key in keys) / max(len(keys), 1)
