"""Related articles: for each article, the others most related to it, with the reasons why.

The index works on plain `Record`s, so it needs no Pelican and no build. It
ranks in three steps.

1. Candidates: every pair of articles is scored by the direct signals, and
   each article keeps its `candidates` best others:
   - shared tags, each weighted by its rarity (inverse document frequency): a
     tag on three posts says more than a tag on three hundred, even when it
     is a post's only tag;
   - similar text: TF-IDF over the title (counted `title_repeat` times) and
     the body, as a cosine. Stopwords are dropped, words found in more than
     `common_share` of the articles are ignored, and each article keeps only
     its `max_terms` most telling words, so common words cannot drown rare ones;
   - the same category, the same region and shared authors (authors weighted
     by rarity, like tags), as smaller bonuses.
2. Two signals for the candidates only. The neighbour signal: an article's
   neighbourhood wording is its own words
   plus the mean of its `neighbours` best candidates' words, cut to the
   `neighbour_terms` most telling; each candidate gains `neighbour_weight`
   times the cosine of the two neighbourhoods' wording. An article's nearest
   others are mostly on its main subject, so this lifts articles on that
   subject over ones that share only a side subject's words, and it relates
   untagged or mis-tagged posts through the company they keep. (Measured on
   the tuning corpora of bench/evaluation.py, it raised precision at 5 on
   corpora mixing a second subject into each article from about 0.82 to 0.97.)
   The time signal: a candidate published close to the article gains up to
   `time_weight`, for the same day, falling evenly to nothing at
   `time_window_days` apart. Posts around one event, one inquiry or one
   month's news are often on one subject (Hugo's related content counts the
   date too); the points are small beside the text's, so they reorder
   candidates that are already related rather than bring in unrelated ones.
3. The list: an editor's pinned keys first, in their order; then the
   candidates by score (rounded to 5 decimals); ties go to the article closer
   in time, then to the smaller key, so the same records always give the same
   lists, in any input order, on any number of threads. A candidate whose text
   is a near-duplicate (cosine at least `duplicate_similarity`) of one already
   in the list gives way to the next, unless nothing else is left.

A pick's reasons are the signals' points, which add up to its score.

Speed: one sparse product of a matrix with itself scores tags, text, authors
and region at once; the category bonus is added to column slices (rows are
kept in category order); chunks of rows run on all cores, and each row is cut
to its few possible candidates before sorting. The neighbour signal is
computed for the candidate pairs only.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
from scipy import sparse

from .text import STOPWORDS, Counted, count_words, fold

# Fewer texts than this are all counted in the ranking's own process: sending half of them to
# a spare process would save less than a few hundredths of a second.
TEXTS_WORTH_A_PROCESS = 1000
PART_TEXTS = 500  # texts counted between two calls of `progress` (a few hundredths of a second)


@dataclass(frozen=True)
class Record:
    """What the index needs to know of one article."""

    key: str  # unique (the slug); the last tie-breaker
    title: str
    text: str  # the body as plain text
    tags: tuple[str, ...] = ()
    category: str = ""
    region: str = ""
    authors: tuple[str, ...] = ()
    timestamp: float = 0.0  # the article's date, in seconds since 1970
    pinned: tuple[str, ...] = ()  # keys an editor put first, in order
    eligible: bool = True  # may appear in others' lists (published and not in the future)
    excluded: tuple[str, ...] = ()  # keys an editor left out of this article's list


@dataclass(frozen=True)
class Config:
    """How related articles are chosen. Pelican setting: RELATED_<FIELD NAME IN CAPITALS>."""

    max: int = 5  # articles in each list, pinned ones included
    tag_weight: float = 0.3  # points for identical rare tags (rarity-weighted overlap, 0 to 1, times this)
    text_weight: float = 1.0  # points for identical wording (TF-IDF cosine, 0 to 1, times this)
    category_weight: float = 0.1  # points for the same category
    region_weight: float = 0.15  # points for the same region
    author_weight: float = 0.1  # points for identical authors (rarity-weighted overlap times this)
    title_repeat: int = 1  # a title word counts as this many body words
    max_terms: int = 40  # words kept per article: its most telling ones
    common_share: float = 0.5  # words in more than this share of articles are ignored
    text_chars: int = 5000  # characters of each body read (the start says what a post is about)
    chunk_rows: int = (
        128  # articles scored at once; memory is about threads x chunk_rows x articles x 4 bytes
    )
    threads: int = min(4, os.cpu_count() or 1)  # chunks scored in parallel
    candidates: int = (
        30  # others per article found by the direct signals, then ranked with the neighbour signal
    )
    neighbours: int = 10  # an article's nearest others whose words make its neighbourhood's wording
    neighbour_weight: float = 2.0  # points for identical neighbourhood wording (cosine, 0 to 1, times this)
    neighbour_terms: int = 30  # words kept in each neighbourhood's wording
    duplicate_similarity: float = 0.8  # texts this similar (cosine) count as near-duplicates
    time_weight: float = 0.2  # points for a candidate published the same day; fewer the further apart
    time_window_days: float = 60.0  # candidates this many days apart or more get no time points


class Pick(NamedTuple):
    """One article in another's related list: plain data, so lists outlive the index that made
    them (`RelatedIndex.explain` says why each was picked)."""

    key: str
    score: float
    pinned: bool


@dataclass(frozen=True)
class Reason:
    signal: str  # tags, text, category, region, authors, neighbours, editor or time
    points: float  # what this signal added to the score
    text: str  # for people


class Candidates(NamedTuple):
    """Each article's best others by the direct signals, best first: one row per article."""

    columns: np.ndarray  # rows x `candidates` article numbers; -1 past the end
    scores: np.ndarray  # their direct scores; -inf past the end


class RelatedIndex:
    """`spare`: a pool of processes with nothing else to do meanwhile (the build's reading
    workers, see related/hooks.py), where half the texts' words are counted, the part of the
    ranking that one Python thread does alone. The lists are the same with it or without.

    `progress` is called between the parts of the work, a tenth of a second or less each at
    10,000 articles: a build that is no longer wanted stops there, by raising (hooks.py)."""

    def __init__(
        self,
        records: list[Record],
        config: Config = Config(),
        spare: Executor | None = None,
        progress: Callable[[], None] = lambda: None,
    ):
        self.config = config
        self.progress = progress
        # Rows in category order make each category one block of columns, so the
        # category bonus is added to slices instead of computed pair by pair.
        self.records = sorted(records, key=lambda record: (record.category, record.key))
        self.key_rank = np.argsort(np.argsort([record.key for record in self.records], kind="stable"))
        self.position = {record.key: number for number, record in enumerate(self.records)}
        count = len(self.records)
        self.eligible = np.array([record.eligible for record in self.records], dtype=bool)
        self.ineligible = np.flatnonzero(~self.eligible)
        self.days = np.array([record.timestamp / 86400 for record in self.records], dtype=np.float64)
        self.tags, self.tag_names = _weighted_sets([record.tags for record in self.records], count)
        self.authors, _ = _weighted_sets([record.authors for record in self.records], count)
        self.text, self.all_text, self.terms = self._text_vectors(spare)
        # Counted, the texts are needed no more; held to the end they would be the index's
        # largest part (17 MB of 10,000 articles' HTML, while it ranks).
        self.records = [replace(record, text="") for record in self.records]
        self.categories = _codes([record.category for record in self.records])
        self.regions = _codes([record.region for record in self.records])
        self.category_blocks = _blocks(self.categories)
        # One sparse product scores every signal: each block is scaled by the root of
        # its weight, so a row times a row is the weighted sum of the signals.
        self.matrix = sparse.hstack(
            [
                self.tags * math.sqrt(config.tag_weight),
                self.text * math.sqrt(config.text_weight),
                self.authors * math.sqrt(config.author_weight),
                _one_hot(self.regions) * math.sqrt(config.region_weight),
            ],
            format="csr",
            dtype=np.float32,
        )

    # -- building ------------------------------------------------------------

    def _text_vectors(self, spare: Executor | None) -> tuple[sparse.csr_matrix, sparse.csr_matrix, list[str]]:
        """TF-IDF rows, L2-normalised: of each article's `max_terms` most telling words, and of all its words."""
        counts, terms = self._word_counts(spare)
        self.progress()
        weights = self._tf_idf(counts)
        del counts  # the largest temporaries go before the cut, which makes its own
        return _normalise(_keep_largest(weights, self.config.max_terms)), _normalise(weights), terms

    def _word_counts(self, spare: Executor | None) -> tuple[sparse.csr_matrix, list[str]]:
        """How often each article uses each word (stopwords dropped, plurals folded), and the words.
        Its own function, so the raw vocabulary is freed before the weighting starts."""
        config = self.config
        texts = [
            f"{record.title} " * config.title_repeat + record.text[: config.text_chars]
            for record in self.records
        ]
        vocabulary, ids, term_counts, lengths = _joined(_counted_in_parts(texts, spare, self.progress))
        folded: dict[str, int] = {}
        column_of = np.array(
            [folded.setdefault(fold(term), len(folded)) for term in vocabulary], dtype=np.int32
        )
        stop = np.array([term in STOPWORDS for term in vocabulary], dtype=bool)
        rows = np.repeat(np.arange(len(self.records), dtype=np.int32), lengths)
        keep = ~stop[ids] if len(ids) else np.zeros(0, dtype=bool)
        counts = sparse.csr_matrix(
            (term_counts.astype(np.float32)[keep], (rows[keep], column_of[ids[keep]])),
            shape=(len(self.records), len(folded)),
        )
        counts.sum_duplicates()
        return counts, list(folded)

    def _tf_idf(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        config = self.config
        articles = counts.shape[0]
        frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        useful = (frequency >= 2) & (frequency <= max(2, config.common_share * articles))
        idf = np.log(articles / np.maximum(frequency, 1))
        weights = counts.copy()
        weights.data = (1 + np.log(weights.data)) * idf[weights.indices] * useful[weights.indices]
        weights.eliminate_zeros()
        return weights

    # -- asking ------------------------------------------------------------------

    def related(self) -> dict[str, list[Pick]]:
        """Every article's related list, by key.

        Three steps: each article's `candidates` best others by the direct
        signals; the neighbour signal (from the graph of each article's
        `neighbours` best) and the time signal added to those; the final order,
        where a near-duplicate of an article already in the list gives way.
        """
        self.progress()
        candidates = self._candidates()
        self.progress()
        closeness = self._closeness_points(candidates.columns)
        neighbours = np.arange(candidates.columns.shape[1]) < self.config.neighbours
        # one check of shared words or tags for the pairs either signal needs
        on_subject = self._share_words_or_tags(
            candidates.columns, (candidates.columns >= 0) & (neighbours | (closeness > 0))
        )
        self.neighbourhoods = self._neighbourhood_wording(
            candidates.columns[:, neighbours], on_subject[:, neighbours]
        )
        self.progress()
        scores = (
            candidates.scores
            + self._neighbour_points(candidates.columns)
            + np.where(on_subject, closeness, 0.0)  # time points only for articles on the subject
        )
        order = self._order(candidates.columns, scores)
        columns = np.take_along_axis(candidates.columns, order, axis=1)
        scores = np.take_along_axis(scores, order, axis=1)
        duplicates = self._near_duplicates(candidates)
        size = self.config.max
        plain = self._plain_rows(columns[:, :size], duplicates)
        self.progress()
        top_columns, top_scores = columns[:, :size].tolist(), scores[:, :size].tolist()
        lists = {}
        for row, record in enumerate(self.records):
            if plain[row]:  # most lists: the first candidates, as they are
                lists[record.key] = [
                    Pick(self.records[other].key, round(score, 6), False)
                    for other, score in zip(top_columns[row], top_scores[row])
                    if other >= 0
                ]
                continue
            pins = self._pinned(row)[:size]
            row_scores = zip(columns[row].tolist(), scores[row].tolist())
            score_of = {column: score for column, score in row_scores if column >= 0}
            left_out = self._left_out(row)
            ranked = [column for column in score_of if column not in pins and column not in left_out]
            chosen = _without_near_duplicates(pins, ranked, duplicates, size)
            lists[record.key] = [
                Pick(
                    self.records[other].key,
                    round(score_of[other] if other in score_of else self._score(row, other), 6),
                    other in pins,
                )
                for other in chosen
            ]
        return lists

    def _plain_rows(self, top: np.ndarray, duplicates: dict[int, set[int]]) -> np.ndarray:
        """Rows whose list is just their first candidates, `top`: no editor's picks or
        exclusions, and no near-duplicate among those candidates to give way."""
        edited = np.array([bool(record.pinned or record.excluded) for record in self.records], dtype=bool)
        duplicated = np.isin(top, np.fromiter(duplicates, dtype=np.int64, count=len(duplicates)))
        return ~edited & ~duplicated.any(axis=1)

    def _candidates(self) -> Candidates:
        """Each row's best `candidates` columns by the direct signals (score, then time, then key).

        Chunks of rows are scored on all cores (numpy and scipy release the GIL);
        each chunk writes only its own rows, so threads never change a result.
        """
        count = len(self.records)
        width = max(0, min(self.config.candidates, count - 1))
        candidates = Candidates(
            np.full((count, width), -1, dtype=np.int32), np.full((count, width), -np.inf, dtype=np.float64)
        )
        transposed = self.matrix.T.tocsr()

        def chunk(start: int) -> None:
            stop = min(start + self.config.chunk_rows, count)
            scores = self._scores(start, stop, transposed)
            columns = self._best(scores, start, width)
            found = columns >= 0
            candidates.columns[start:stop] = columns
            candidates.scores[start:stop] = np.where(
                found, np.take_along_axis(scores, np.maximum(columns, 0), axis=1), -np.inf
            )

        if width:
            _in_parallel(chunk, range(0, count, self.config.chunk_rows), self.config.threads)
        return candidates

    def _scores(self, start: int, stop: int, transposed) -> np.ndarray:
        """Direct scores of rows start..stop against every article; -inf where it may not be picked."""
        scores = (self.matrix[start:stop] @ transposed).toarray()
        for category in np.unique(self.categories[start:stop]):
            if category >= 0:
                rows = np.flatnonzero(self.categories[start:stop] == category)
                columns = self.category_blocks[category]
                scores[rows[0] : rows[-1] + 1, columns] += self.config.category_weight
        scores[:, self.ineligible] = -np.inf
        scores[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        return scores

    def _best(self, scores: np.ndarray, start: int, width: int) -> np.ndarray:
        """Per row, the best `width` columns (by score, then closeness in time, then key); -1 past the end.

        Sorting a whole row is slow, so each row is cut to the few columns that can
        make its list: the `width`-th largest of the row's block maxima is never above
        the row's `width`-th largest score, and every column at or above it (ties
        included) is kept, so the cut loses nothing.
        """
        block = max(1, scores.shape[1] // max(64, 4 * width))
        maxima = np.maximum.reduceat(scores, np.arange(0, scores.shape[1], block), axis=1)
        floor = np.partition(maxima, -width, axis=1)[:, -width]
        floor = np.maximum(floor, np.finfo(scores.dtype).min)  # never -inf: what may not be picked stays out
        flat = np.flatnonzero(scores >= floor[:, None])
        rows, columns = np.divmod(flat, scores.shape[1])
        values = scores.ravel()[flat]
        order = np.lexsort(
            (self.key_rank[columns], self._distance(rows + start, columns), _row_then_score(rows, values))
        )
        rows, columns = rows[order], columns[order]
        place = np.arange(len(rows)) - np.searchsorted(rows, rows)
        keep = place < width
        best = np.full((scores.shape[0], width), -1, dtype=np.int32)
        best[rows[keep], place[keep]] = columns[keep]
        return best

    def _distance(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Days between articles, the first tie-breaker."""
        return np.abs(self.days[columns] - self.days[rows])

    def _neighbourhood_wording(self, columns: np.ndarray, near: np.ndarray) -> sparse.csr_matrix:
        """Rows of each article's words plus the mean of its nearest others' words (its best
        `columns`, where `near`: those sharing words or tags with it), cut to the
        `neighbour_terms` most telling.

        An article mixing a main subject with a second one has nearest neighbours mostly on
        the main one, each with its own second subject: their mean keeps the main subject's
        words and dilutes the second's, and it fills in words the article itself lacks.
        """
        size = len(self.records)
        rows = np.nonzero(near)[0]
        share = 1 / np.maximum(near.sum(axis=1), 1)
        graph = sparse.csr_matrix((share[rows], (rows, columns[near])), shape=(size, size))
        step = 500  # rows at a time: the sums before the cut are ten times longer

        def wording(start: int) -> sparse.csr_matrix:
            rows = slice(start, start + step)
            summed = self.all_text[rows] + graph[rows] @ self.all_text
            return _normalise(_keep_largest(summed, self.config.neighbour_terms))

        return sparse.vstack(
            _in_parallel(wording, range(0, size, step), self.config.threads)
            or [sparse.csr_matrix((0, self.all_text.shape[1]))],
            format="csr",
        )

    def _share_words_or_tags(self, columns: np.ndarray, asked: np.ndarray) -> np.ndarray:
        """Whether each row shares words or tags with each of its `columns`, where `asked` (else False).
        Only those can be its neighbours or gain time points (`_signals` checks the same): the
        same category, region, author or week alone says nothing of a subject, and would lend
        an article with few telling words of its own the subject of any other."""
        rows, places = np.nonzero(asked)
        others = columns[rows, places]
        threads = self.config.threads
        shared = _pair_dots(self.text, rows, others, threads) + _pair_dots(self.tags, rows, others, threads)
        found = np.zeros(columns.shape, dtype=bool)
        found[rows, places] = shared > 0
        return found

    def _neighbour_points(self, columns: np.ndarray) -> np.ndarray:
        """Points for similar neighbourhood wording, for each row and each of its candidate columns."""
        similarity = _pair_dots(self.neighbourhoods, *_pairs(columns), self.config.threads)
        return np.where(columns >= 0, self.config.neighbour_weight * similarity.reshape(columns.shape), 0.0)

    def _closeness_points(self, columns: np.ndarray) -> np.ndarray:
        """Points for being published close in time, for each row and each of its candidate columns
        (0 past the end); `related` keeps them only for columns sharing words or tags with the row."""
        points = self._closeness(self._distance(*_pairs(columns))).reshape(columns.shape)
        return np.where(columns >= 0, points, 0.0)

    def _closeness(self, days_apart):
        """`time_weight` for the same day, falling evenly to 0 at `time_window_days` apart."""
        window = max(self.config.time_window_days, 1e-9)
        return self.config.time_weight * np.maximum(0.0, 1 - np.asarray(days_apart) / window)

    def _order(self, columns: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """Per row, the positions of its candidates by score (5 decimals), then closeness in time, then key."""
        rows, flat = _pairs(columns)
        order = np.lexsort(
            (self.key_rank[flat], self._distance(rows, flat), _row_then_score(rows, scores.ravel()))
        )
        return (order - rows * columns.shape[1]).reshape(columns.shape)

    def _near_duplicates(self, candidates: Candidates) -> dict[int, set[int]]:
        """Each article's near-duplicates (texts with a cosine of at least `duplicate_similarity`),
        both ways, for the articles that have any. A near-duplicate is always among the other's
        candidates, and its direct score is at least its text points, so only those pairs are checked."""
        threshold = self.config.duplicate_similarity
        rows, places = np.nonzero(candidates.scores >= threshold * self.config.text_weight)
        columns = candidates.columns[rows, places]
        close = _pair_dots(self.text, rows, columns, self.config.threads) >= threshold
        duplicates: defaultdict[int, set[int]] = defaultdict(set)
        for row, column in zip(rows[close].tolist(), columns[close].tolist()):
            duplicates[row].add(column)
            duplicates[column].add(row)
        return dict(duplicates)

    def _score(self, row: int, other: int) -> float:
        """The score of one pair, from its reasons: for editor's picks outside the candidates."""
        return sum(reason.points for reason in self._signals(row, other))

    def _pinned(self, row: int) -> list[int]:
        """The editor's picks that exist and may be shown, in order, without repeats."""
        chosen: list[int] = []
        for key in self.records[row].pinned:
            other = self.position.get(key)
            if other is not None and other != row and self.eligible[other] and other not in chosen:
                chosen.append(other)
        return chosen

    def _left_out(self, row: int) -> set[int]:
        """The articles an editor left out of this one's list."""
        return {self.position[key] for key in self.records[row].excluded if key in self.position}

    # -- explaining ----------------------------------------------------------------

    def explain(self, key: str, pick: Pick) -> list[Reason]:
        """Why `pick` is in the list of the article `key`: each signal's points (they add up to
        its score) and words for people, e.g. 'shares tags: peer challenge, ofsted'."""
        return self.reasons(self.position[key], self.position[pick.key], pick.pinned)

    def reasons(self, row: int, other: int, pinned: bool) -> list[Reason]:
        found = [reason for reason in self._signals(row, other) if reason.points > 0]
        if pinned:
            found.insert(0, Reason("editor", 0.0, "chosen by an editor"))
        if not found:
            found.append(Reason("time", 0.0, "nothing in common: it fills the list, the closest in time first"))
        return found

    def _signals(self, row: int, other: int) -> list[Reason]:
        config = self.config
        mine, theirs = self.records[row], self.records[other]
        reasons = []
        tag_points = config.tag_weight * _dot(self.tags, row, other)
        shared_tags = _shared_columns(self.tags, row, other)
        names = ", ".join(self.tag_names[column] for column in shared_tags)
        reasons.append(Reason("tags", tag_points, f"shares tags: {names}"))
        text_points = config.text_weight * _dot(self.text, row, other)
        shared_words = ", ".join(self.terms[column] for column in _shared_columns(self.text, row, other)[:5])
        reasons.append(Reason("text", text_points, f"similar text: {shared_words}"))
        if mine.category and mine.category == theirs.category:
            reasons.append(Reason("category", config.category_weight, f"same category: {mine.category}"))
        if mine.region and mine.region == theirs.region:
            reasons.append(Reason("region", config.region_weight, f"same region: {mine.region}"))
        author_points = config.author_weight * _dot(self.authors, row, other)
        shared_authors = ", ".join(sorted(set(mine.authors) & set(theirs.authors)))
        reasons.append(Reason("authors", author_points, f"same author: {shared_authors}"))
        reasons.append(self._neighbour_reason(row, other))
        days_apart = float(self._distance(row, other))
        on_subject = _dot(self.text, row, other) + _dot(self.tags, row, other) > 0  # as _share_words_or_tags
        time_points = float(self._closeness(days_apart)) if on_subject else 0.0
        reasons.append(Reason("time", time_points, _published_apart(days_apart)))
        return reasons

    def _neighbour_reason(self, row: int, other: int) -> Reason:
        points = self.config.neighbour_weight * _dot(self.neighbourhoods, row, other)
        shared_words = ", ".join(
            self.terms[column] for column in _shared_columns(self.neighbourhoods, row, other)[:5]
        )
        return Reason("neighbours", points, f"on the subject of its closest articles: {shared_words}")


# -- small helpers on matrices -------------------------------------------------------


def _counted_in_parts(
    texts: list[str], spare: Executor | None, progress: Callable[[], None]
) -> list[Counted]:
    """count_words of consecutive parts of `texts`: the first half in a `spare` process while
    this one counts the second. All here when there is no spare process or too few texts to be
    worth one; the first half here too when the spare process has not started on it by then
    (busy with other work) or fails. Here, PART_TEXTS at a time, `progress()` before each."""
    if spare is None or len(texts) < TEXTS_WORTH_A_PROCESS:
        return _counted_here(texts, progress)
    half = len(texts) // 2
    try:
        first = spare.submit(count_words, texts[:half])
    except RuntimeError:  # the pool was shut down
        return _counted_here(texts, progress)
    second = _counted_here(texts[half:], progress)
    if not first.cancel():  # cancelled: still waiting its turn, so quicker to count it here
        try:
            return [first.result(), *second]
        except (BrokenProcessPool, OSError):
            pass
    return [*_counted_here(texts[:half], progress), *second]


def _counted_here(texts: list[str], progress: Callable[[], None]) -> list[Counted]:
    """count_words of `texts`, PART_TEXTS at a time (at least one part), `progress()` before each."""
    parts = []
    for start in range(0, max(len(texts), 1), PART_TEXTS):
        progress()
        parts.append(count_words(texts[start : start + PART_TEXTS]))
    return parts


def _joined(parts: list[Counted]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Consecutive parts' counts as one: the words in the order of their first use, and the word
    numbers, counts and lengths as arrays; numbered exactly as count_words numbers the whole."""
    vocabulary: dict[str, int] = {}
    ids = []
    for part in parts:
        renumbered = np.fromiter(
            (vocabulary.setdefault(word, len(vocabulary)) for word in part.words),
            dtype=np.int32,
            count=len(part.words),
        )
        ids.append(renumbered[np.frombuffer(part.ids, dtype=np.int32)])

    def joined(field: str) -> np.ndarray:
        return np.concatenate([np.frombuffer(getattr(part, field), dtype=np.int32) for part in parts])

    return list(vocabulary), np.concatenate(ids), joined("counts"), joined("lengths")


def _weighted_sets(sets: list[tuple[str, ...]], count: int) -> tuple[sparse.csr_matrix, list[str]]:
    """Rows for sets of labels (tags, authors), matched ignoring case, such that a row times a row
    is the sum over shared labels of their rarity, divided by the root of the two sets' sizes.

    Rarity is log(1 + N/df) / log(1 + N): near 1 for a label on one or two
    articles, near 0 for one on nearly all of them. Unlike a cosine, this keeps
    a common label weak even when it is an article's only label.
    """
    columns: dict[str, int] = {}
    names: list[str] = []
    rows, cols = [], []
    for row, members in enumerate(sets):
        for member in dict.fromkeys(member.strip().casefold() for member in members if member.strip()):
            if member not in columns:
                columns[member] = len(columns)
                names.append(member)
            rows.append(row)
            cols.append(columns[member])
    rows_array = np.array(rows, dtype=np.int64)
    cols_array = np.array(cols, dtype=np.int64)
    frequency = np.bincount(cols_array, minlength=len(columns))
    rarity = np.log1p(count / np.maximum(frequency, 1)) / math.log1p(max(count, 1))
    sizes = np.bincount(rows_array, minlength=count)
    values = np.sqrt(rarity[cols_array] / np.maximum(sizes[rows_array], 1))
    return sparse.csr_matrix((values, (rows_array, cols_array)), shape=(count, len(columns))), names


def _keep_largest(matrix: sparse.csr_matrix, limit: int) -> sparse.csr_matrix:
    """Keep each row's `limit` largest values (ties to the lower column).

    One stable sort by row, then by value down: values are non-negative, so
    row x (2 x largest + 1) - value orders both at once.
    """
    matrix = sparse.csr_matrix(matrix)
    matrix.sum_duplicates()  # and sorts each row's columns, for the ties
    rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int32), np.diff(matrix.indptr))
    spread = 2 * float(matrix.data.max(initial=0)) + 1
    order = np.argsort(rows * spread - matrix.data, kind="stable")
    rank = np.arange(len(order)) - matrix.indptr[rows[order]]
    keep = order[rank < limit]
    return sparse.csr_matrix((matrix.data[keep], (rows[keep], matrix.indices[keep])), shape=matrix.shape)


def _normalise(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / lengths) @ matrix)


def _codes(values: list[str]) -> np.ndarray:
    """Integer codes for values, -1 for empty ones (which match nothing)."""
    known: dict[str, int] = {}
    return np.array(
        [known.setdefault(value, len(known)) if value else -1 for value in values], dtype=np.int64
    )


def _blocks(sorted_codes: np.ndarray) -> dict[int, slice]:
    """The slice of positions holding each code, for codes in sorted order."""
    return {
        int(code): slice(
            int(np.searchsorted(sorted_codes, code)), int(np.searchsorted(sorted_codes, code, "right"))
        )
        for code in np.unique(sorted_codes)
    }


def _one_hot(codes: np.ndarray) -> sparse.csr_matrix:
    """A column per code with a 1 where a row has it; rows with code -1 get none."""
    rows = np.flatnonzero(codes >= 0)
    width = int(codes.max()) + 1 if len(rows) else 0
    return sparse.csr_matrix((np.ones(len(rows)), (rows, codes[rows])), shape=(len(codes), width))


def _pair_dots(
    matrix: sparse.csr_matrix, rows: np.ndarray, columns: np.ndarray, threads: int = 1
) -> np.ndarray:
    """Row rows[i] times row columns[i], for each i; in steps, so the copied rows stay small."""
    step = 4000  # pairs at a time: their copied rows are what costs memory

    def dots(start: int) -> np.ndarray:
        pairs = slice(start, start + step)
        return np.asarray(matrix[rows[pairs]].multiply(matrix[columns[pairs]]).sum(axis=1)).ravel()

    return np.concatenate(_in_parallel(dots, range(0, len(rows), step), threads) or [np.zeros(0)])


def _row_then_score(rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """One sort key for (row, score rounded to 5 decimals, best first): sorting by it orders as
    sorting by rows, then by rounded score down, in one key instead of two. Rows lie further
    apart than any two scores; -inf (past a row's end) stays last in its row."""
    rounded = np.round(scores, 5).astype(np.float64)  # in the scores' own precision, as ties are judged
    finite = np.isfinite(rounded)
    top = float(np.abs(rounded[finite]).max(initial=0))
    rounded[~finite] = -top - 1
    return rows * (2 * top + 3) - rounded


def _pairs(columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (row, column) pairs of a rows x width table of columns, flattened; -1 (past the end) reads as 0."""
    return np.repeat(np.arange(columns.shape[0]), columns.shape[1]), np.maximum(columns.ravel(), 0)


def _in_parallel(function, starts: range, threads: int) -> list:
    """function(start) for each start, on up to `threads` threads, in order. numpy and scipy
    release the GIL in their loops; each call must touch only its own part of any result."""
    if threads <= 1 or len(starts) <= 1:
        return [function(start) for start in starts]
    with ThreadPoolExecutor(max_workers=min(threads, len(starts))) as pool:
        return list(pool.map(function, starts))


def _without_near_duplicates(
    pins: list[int], ranked: list[int], duplicates: dict[int, set[int]], size: int
) -> list[int]:
    """The pins, then the ranked columns in order, skipping near-duplicates of one already chosen
    unless nothing else is left to fill the list."""
    chosen = list(pins)
    skipped = []
    for column in ranked:
        if len(chosen) >= size:
            break
        if column in duplicates and not duplicates[column].isdisjoint(chosen):
            skipped.append(column)
        else:
            chosen.append(column)
    return chosen + skipped[: size - len(chosen)]


def _published_apart(days_apart: float) -> str:
    """'published the same day', 'published 1 day apart', 'published 12 days apart'."""
    whole = round(days_apart)
    return "published the same day" if whole == 0 else f"published {whole} day{'s' * (whole != 1)} apart"


def _dot(matrix: sparse.csr_matrix, row: int, other: int) -> float:
    return float(matrix[row].multiply(matrix[other]).sum())


def _shared_columns(matrix: sparse.csr_matrix, row: int, other: int) -> list[int]:
    """Columns both rows use, largest product first."""
    product = matrix[row].multiply(matrix[other]).tocoo()
    order = np.lexsort((product.col, -product.data))
    return [int(product.col[number]) for number in order if product.data[number] > 0]
