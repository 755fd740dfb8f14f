"""Precision at k of related lists against a hidden ground truth."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quality:
    precision: float  # mean over articles of (truly related picks in the first k) / k
    empty_share: float  # share of articles whose list is empty
    articles: int


def precision_at(lists: dict[str, list[str]], truth: dict[str, int], k: int = 5) -> Quality:
    """Missing picks count as wrong, so an empty list scores 0 rather than being skipped."""
    scored = sorted(truth)
    total = 0.0
    empty = 0
    for slug in scored:
        picks = lists.get(slug, [])[:k]
        if not picks:
            empty += 1
        total += sum(truth.get(pick) == truth[slug] for pick in picks) / k
    return Quality(total / len(scored), empty / len(scored), len(scored))
