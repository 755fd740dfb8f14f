"""The benchmark's quality step: related lists measured on corpora nobody tuned on.

Every ranking (ours, with a given `Config`, and the anchors of bench/anchors.py)
runs on the same `Record`s (bench/records.py), with no site build:

- synthetic corpora with a hidden topic per article, from two families
  (bench/synthetic.py: one topic an article; bench/mixture.py: a main topic
  and a second one lending some of its words), scored by precision at 5
  (bench/quality.py `precision_at`);
- the real talks with hidden tags: the tags of half the tagged talks are
  removed (fixed seed), everything is ranked, and each such talk scores the
  share of its first 5 picks whose original tags include one of its hidden
  tags. The talks scored are split by conference (the corpus's category is a
  hash of the conference's name): a tuning half and a report half, besides
  the whole that issue 17's target is set on.

Each score comes with its standard error: differences much smaller than it
(about 0.01 on the talks) are noise, not progress.

Each ranking also gets the checks: lists holding the article itself, empty
lists, and whether shuffling the input changes any list.

The rule that keeps this honest: weights and settings may be tuned only on
the TUNING corpora and on the tuning half of the talks. The REPORT corpora
(other seeds, other parameters, one family setting never tuned on, one corpus
made like the issue's unseen one) and the report half of the talks are
measured, never tuned on; a change is judged by them. A report corpus that
was used for tuning moves to TUNING and is replaced by a new one, with a new
seed and new parameters.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import mixture, synthetic
from .anchors import ANCHORS
from .mixture import Mixture
from .quality import empty_share, folded, hidden_tag_share, hide_tags, precision_at, self_links
from .records import Record, real_talks, record_from
from .synthetic import Shape

# importable once .records has put plugins/ on the path
from related.index import Config, RelatedIndex  # noqa: E402,I001

Ranking = Callable[[list[Record]], dict[str, list[str]]]
OURS = "This site"
HIDDEN_TAGS_SEED = 2027  # which half of the tagged talks lose their tags
TUNING_TALKS = ("Education", "General")  # categories whose talks (whole conferences) may be tuned on
SHUFFLE_SEED = 7  # the input order the determinism check compares with


@dataclass(frozen=True)
class SyntheticCorpus:
    """A synthetic corpus by name: its family is its shape's type, Shape (one topic) or Mixture."""

    name: str
    seed: int
    shape: Shape | Mixture
    articles: int = 0  # one-topic corpora; a mixture has topics x articles_per_topic

    def draw(self) -> tuple[list[Record], dict[str, int]]:
        """The corpus's Records and its ground truth (key -> hidden main topic)."""
        if isinstance(self.shape, Mixture):
            corpus = mixture.draw(self.seed, self.shape)
            posts, truth = corpus.posts, corpus.truth
        else:
            posts, truth = synthetic.draw(self.articles, self.seed, self.shape)
        return [record_from(post) for post in posts], truth


TUNING = (
    SyntheticCorpus("one topic, archive-like (the build bench's corpus)", 2026, Shape(), articles=2000),
    SyntheticCorpus(
        "mixture, half untagged",
        11,
        Mixture(
            topics=20, articles_per_topic=80, second_topic_share=0.2, untagged_share=0.5, wrong_tag_share=0.2
        ),
    ),
)

REPORT = (
    SyntheticCorpus(
        "one topic, few tags, short posts",
        7,
        Shape(
            articles_per_topic=30,
            topic_share=0.15,
            tagged_share=0.15,
            wrong_tag_share=0.3,
            min_words=40,
            max_words=150,
        ),
        articles=1500,
    ),
    SyntheticCorpus(
        "mixture like the issue's unseen corpus",
        4242,
        Mixture(
            topics=12,
            articles_per_topic=150,
            second_topic_share=1 / 3,
            untagged_share=0.25,
            wrong_tag_share=0.3,
        ),
    ),
    SyntheticCorpus(
        "mixture, sibling topics, titles without topic words, mostly untagged",
        99,
        Mixture(
            topics=30,
            articles_per_topic=50,
            second_topic_share=0.4,
            untagged_share=0.8,
            wrong_tag_share=0.25,
            generic_tag_share=0.5,
            title_topic_words=0,
            sibling_overlap=0.3,
            min_words=30,
            max_words=120,
        ),
    ),
)


@dataclass(frozen=True)
class Row:
    """One ranking measured on one corpus."""

    corpus: str
    part: str  # "tune" or "report"
    ranking: str
    measure: str  # "P@5" or "hidden tag at 5"
    score: float
    standard_error: float  # of the score, a mean over articles
    empty_share: float  # of all articles (synthetic), of the talks whose tags were hidden (real)
    self_links: int  # lists holding the article itself
    identical_when_shuffled: bool
    seconds: float  # one ranking of the corpus


Score = Callable[[dict[str, list[str]]], tuple[float, float, float]]


@dataclass(frozen=True)
class Scoring:
    """What one row of the table scores: a corpus's name, its part, and `score(lists)`, which
    gives (score, standard error, empty share)."""

    corpus: str
    part: str  # "tune", "report", or "both" for the talks as a whole
    score: Score


@dataclass(frozen=True)
class Timing:
    """How long one corpus took: making (or reading) it, and everything measured on it."""

    corpus: str
    articles: int
    making_seconds: float
    total_seconds: float


def ours(config: Config = Config()) -> Ranking:
    """This site's ranking with `config`, as lists of keys."""

    def rank(records: list[Record]) -> dict[str, list[str]]:
        lists = RelatedIndex(records, config).related()
        return {key: [pick.key for pick in picks] for key, picks in lists.items()}

    return rank


def rankings(config: Config = Config()) -> dict[str, Ranking]:
    return {OURS: ours(config), **ANCHORS}


def shuffled(records: list[Record], seed: int = SHUFFLE_SEED) -> list[Record]:
    copy = list(records)
    random.Random(seed).shuffle(copy)
    return copy


def timed(ranking: Ranking, records: list[Record]) -> tuple[dict[str, list[str]], float]:
    started = time.perf_counter()
    lists = ranking(records)
    return lists, time.perf_counter() - started


def measure_synthetic(
    corpus: SyntheticCorpus, part: str, config: Config, progress=print
) -> tuple[list[Row], Timing]:
    """Every ranking's P@5 and checks on one synthetic corpus."""
    started = time.perf_counter()
    records, truth = corpus.draw()
    made = time.perf_counter() - started

    def score(lists: dict[str, list[str]]) -> tuple[float, float, float]:
        quality = precision_at(lists, truth)
        return quality.precision, quality.standard_error, empty_share(lists, truth)

    rows = measure_rankings("P@5", records, [Scoring(corpus.name, part, score)], config, progress)
    return rows, Timing(corpus.name, len(records), made, time.perf_counter() - started)


def measure_hidden_tags(records: list[Record], config: Config, progress=print) -> list[Row]:
    """Every ranking on the talks with half the tagged ones' tags hidden, scored on the tuning
    half of those talks, on the report half, and on all of them."""
    visible, hidden = hide_tags(records, HIDDEN_TAGS_SEED)
    original = {record.key: folded(record.tags) for record in records}
    tuning = {record.key for record in records if record.category in TUNING_TALKS}

    def scoring(corpus: str, part: str, keys) -> Scoring:
        chosen = {key: hidden[key] for key in keys}

        def score(lists: dict[str, list[str]]) -> tuple[float, float, float]:
            quality = hidden_tag_share(lists, chosen, original)
            return quality.shared, quality.standard_error, quality.empty_share

        return Scoring(corpus.format(talks=len(chosen)), part, score)

    scorings = [
        scoring(
            f"real talks, tags hidden: the {{talks}} of conferences in {' or '.join(TUNING_TALKS)}",
            "tune",
            hidden.keys() & tuning,
        ),
        scoring(
            "real talks, tags hidden: the {talks} of the other conferences", "report", hidden.keys() - tuning
        ),
        scoring("real talks, tags of {talks} of the tagged talks hidden (issue 17's target)", "both", hidden),
    ]
    return measure_rankings("hidden tag at 5", visible, scorings, config, progress)


def measure_rankings(
    measure: str, records: list[Record], scorings: list[Scoring], config: Config, progress
) -> list[Row]:
    """Every ranking on `records`, its lists scored by each of `scorings`; then the checks."""
    rows = []
    for name, ranking in rankings(config).items():
        progress(f"quality: {scorings[0].corpus}: {name}")
        lists, seconds = timed(ranking, records)
        shuffled_alike = ranking(shuffled(records)) == lists
        for scoring in scorings:
            score, error, empty = scoring.score(lists)
            rows.append(
                Row(
                    scoring.corpus,
                    scoring.part,
                    name,
                    measure,
                    score,
                    error,
                    empty,
                    self_links(lists),
                    shuffled_alike,
                    seconds,
                )
            )
    return rows


def evaluate(
    workdir: Path, config: Config = Config(), progress=print, archive: Path | None = None
) -> tuple[list[Row], list[Timing]]:
    """Our ranking with `config` and every anchor, on the tuning and report corpora and the real talks."""
    rows: list[Row] = []
    timings: list[Timing] = []
    for part, corpora in (("tune", TUNING), ("report", REPORT)):
        for corpus in corpora:
            found, timing = measure_synthetic(corpus, part, config, progress)
            rows += found
            timings.append(timing)
    started = time.perf_counter()
    talks = real_talks(workdir, progress, archive)
    read = time.perf_counter() - started
    rows += measure_hidden_tags(talks, config, progress)
    timings.append(Timing("real talks with hidden tags", len(talks), read, time.perf_counter() - started))
    return rows, timings


def main(workdir: str, archive: str) -> None:
    """`python -m bench.evaluation <workdir> <archive>`: the quality table on stdout, progress on stderr.
    The benchmark runs it in its snapshot of the code (bench/suite.py `quality_step`)."""
    from .report import quality_table

    rows, timings = evaluate(
        Path(workdir), progress=lambda line: print(line, file=sys.stderr, flush=True), archive=Path(archive)
    )
    print(quality_table(rows, timings))


if __name__ == "__main__":
    main(*sys.argv[1:])
