"""Related articles: for each article, the others most related to it, with the reasons why.

The index works on plain `Record`s, so it needs no Pelican and no build. It
scores every pair of articles from:

- shared tags, each weighted by its rarity (inverse document frequency): a
  tag on three posts says more than a tag on three hundred, even when it is
  a post's only tag;
- similar text: TF-IDF over the title (counted `title_repeat` times) and the
  body, as a cosine. Stopwords are dropped, words found in more than
  `common_share` of the articles are ignored, and each article keeps only its
  `max_terms` most telling words, so common words cannot drown rare ones;
- the same category, the same region and shared authors (authors weighted
  by rarity, like tags), as smaller bonuses.

An editor's pinned keys come first, in their order. The rest are ranked by
score (rounded to 5 decimals, as scores are 32-bit floats); ties go to the
article closer in time, then to the smaller key, so the same records always
give the same lists, in any input order, on any number of threads.

Speed: one sparse product of a matrix with itself scores tags, text, authors
and region at once; the category bonus is added to column slices (rows are
kept in category order); chunks of rows run on all cores, and each row is cut
to its few possible winners before sorting. About a second for 10,000
articles on two cores.
"""

from __future__ import annotations

import math
import os
from array import array
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import sparse

from .text import STOPWORDS, fold, words


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


@dataclass(frozen=True)
class Config:
    """How related articles are chosen. Pelican setting: RELATED_<FIELD NAME IN CAPITALS>."""

    max: int = 5  # articles in each list, pinned ones included
    tag_weight: float = 0.6  # points for identical rare tags (rarity-weighted overlap, 0 to 1, times this)
    text_weight: float = 1.0  # points for identical wording (TF-IDF cosine, 0 to 1, times this)
    category_weight: float = 0.1  # points for the same category
    region_weight: float = 0.15  # points for the same region
    author_weight: float = 0.1  # points for identical authors (rarity-weighted overlap times this)
    title_repeat: int = 3  # a title word counts as this many body words
    max_terms: int = 40  # words kept per article: its most telling ones
    common_share: float = 0.5  # words in more than this share of articles are ignored
    text_chars: int = 5000  # characters of each body read (the start says what a post is about)
    chunk_rows: int = (
        128  # articles scored at once; memory is about threads x chunk_rows x articles x 4 bytes
    )
    threads: int = min(4, os.cpu_count() or 1)  # chunks scored in parallel


class Pick(NamedTuple):
    """One article in another's related list."""

    key: str
    score: float
    pinned: bool
    index: RelatedIndex
    query: int
    other: int

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why it was picked, e.g. ('shares tags: peer challenge, ofsted', 'same region: North West')."""
        return tuple(reason.text for reason in self.explain())

    def explain(self) -> list[Reason]:
        """The reasons with the points each signal added."""
        return self.index.reasons(self.query, self.other, self.pinned)


@dataclass(frozen=True)
class Reason:
    signal: str  # tags, text, category, region, authors, editor or time
    points: float  # what this signal added to the score
    text: str  # for people


class RelatedIndex:
    def __init__(self, records: list[Record], config: Config = Config()):
        self.config = config
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
        self.text, self.terms = self._text_vectors()
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

    def _text_vectors(self) -> tuple[sparse.csr_matrix, list[str]]:
        """TF-IDF rows of each article's most telling words, L2-normalised."""
        config = self.config
        vocabulary: defaultdict[str, int] = defaultdict(lambda: len(vocabulary))
        term_ids = array("i")  # compact 32-bit: a list of a million ints costs tens of MB more
        term_counts = array("i")
        lengths = array("i")
        for record in self.records:
            counts = Counter(
                words(f"{record.title} " * config.title_repeat + record.text[: config.text_chars])
            )
            term_ids.extend(map(vocabulary.__getitem__, counts))
            term_counts.extend(counts.values())
            lengths.append(len(counts))
        terms = list(vocabulary)
        folded: dict[str, int] = {}
        column_of = np.array([folded.setdefault(fold(term), len(folded)) for term in terms], dtype=np.int32)
        stop = np.array([term in STOPWORDS for term in terms], dtype=bool)
        rows = np.repeat(np.arange(len(self.records), dtype=np.int32), np.frombuffer(lengths, dtype=np.int32))
        ids = np.frombuffer(term_ids, dtype=np.int32)
        keep = ~stop[ids] if len(ids) else np.zeros(0, dtype=bool)
        counts = sparse.csr_matrix(
            (
                np.frombuffer(term_counts, dtype=np.int32).astype(np.float32)[keep],
                (rows[keep], column_of[ids[keep]]),
            ),
            shape=(len(self.records), len(folded)),
        )
        counts.sum_duplicates()
        return self._tf_idf(counts), list(folded)  # each column named by its folded word

    def _tf_idf(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        config = self.config
        articles = counts.shape[0]
        frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        useful = (frequency >= 2) & (frequency <= max(2, config.common_share * articles))
        idf = np.log(articles / np.maximum(frequency, 1))
        weights = counts.copy()
        weights.data = (1 + np.log(weights.data)) * idf[weights.indices] * useful[weights.indices]
        weights.eliminate_zeros()
        return _normalise(_keep_largest(weights, config.max_terms))

    # -- asking ------------------------------------------------------------------

    def related(self) -> dict[str, list[Pick]]:
        """Every article's related list, by key.

        Chunks of rows are scored on all cores (numpy and scipy release the GIL);
        the lists are put together in row order, so threads never change a result.
        """
        transposed = self.matrix.T.tocsr()
        starts = range(0, len(self.records), self.config.chunk_rows)

        def chunk(start: int) -> dict[str, list[Pick]]:
            stop = min(start + self.config.chunk_rows, len(self.records))
            return self._related_rows(start, stop, transposed)

        lists: dict[str, list[Pick]] = {}
        with ThreadPoolExecutor(max_workers=min(self.config.threads, len(starts) or 1)) as pool:
            for part in pool.map(chunk, starts):
                lists.update(part)
        return lists

    def _related_rows(self, start: int, stop: int, transposed) -> dict[str, list[Pick]]:
        scores = self._scores(start, stop, transposed)
        pinned = {row: self._pinned(row) for row in range(start, stop) if self.records[row].pinned}
        pinned_scores = {row: scores[row - start, keys].tolist() for row, keys in pinned.items()}
        for row, keys in pinned.items():
            scores[row - start, keys] = -np.inf  # placed first, not ranked again
        ranked = self._rank(scores, start)
        lists = {}
        for row in range(start, stop):
            pins = list(zip(pinned.get(row, []), pinned_scores.get(row, [])))[: self.config.max]
            chosen = [(other, score, True) for other, score in pins]
            chosen += [
                (other, scores[row - start, other], False)
                for other in ranked[row - start][: self.config.max - len(pins)]
            ]
            lists[self.records[row].key] = [
                Pick(self.records[other].key, round(float(score), 6), is_pinned, self, row, other)
                for other, score, is_pinned in chosen
            ]
        return lists

    def _scores(self, start: int, stop: int, transposed) -> np.ndarray:
        """Scores of rows start..stop against every article; -inf where it may not be picked."""
        scores = (self.matrix[start:stop] @ transposed).toarray()
        for category in np.unique(self.categories[start:stop]):
            if category >= 0:
                rows = np.flatnonzero(self.categories[start:stop] == category)
                columns = self.category_blocks[category]
                scores[rows[0] : rows[-1] + 1, columns] += self.config.category_weight
        scores[:, self.ineligible] = -np.inf
        scores[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        return scores

    def _rank(self, scores: np.ndarray, start: int) -> list[list[int]]:
        """Per row, the best `max` columns: by score, then closeness in time, then key.

        Sorting a whole row is slow, so each row is cut to the few columns that can
        make its list: the `max`-th largest of the row's block maxima is never above
        the row's `max`-th largest score, and every column at or above it (ties
        included) is kept, so the cut loses nothing.
        """
        count = min(self.config.max, scores.shape[1] - 1)
        if count <= 0:
            return [[] for _ in range(scores.shape[0])]
        width = scores.shape[1]
        block = max(1, width // 64)
        maxima = np.maximum.reduceat(scores, np.arange(0, width, block), axis=1)
        floor = np.partition(maxima, -count, axis=1)[:, -count]
        rows, columns = np.nonzero(scores >= floor[:, None])
        values = scores[rows, columns]
        pickable = values > -np.inf
        rows, columns, values = rows[pickable], columns[pickable], values[pickable]
        distance = np.abs(self.days[columns] - self.days[rows + start])
        order = np.lexsort((self.key_rank[columns], distance, -np.round(values, 5), rows))
        rows, columns = rows[order], columns[order]
        first = np.searchsorted(rows, np.arange(scores.shape[0]))
        keep = np.arange(len(rows)) - first[rows] < count
        ends = np.cumsum(np.bincount(rows[keep], minlength=scores.shape[0]))[:-1]
        return [part.tolist() for part in np.split(columns[keep], ends)]

    def _pinned(self, row: int) -> list[int]:
        """The editor's picks that exist and may be shown, in order, without repeats."""
        chosen: list[int] = []
        for key in self.records[row].pinned:
            other = self.position.get(key)
            if other is not None and other != row and self.eligible[other] and other not in chosen:
                chosen.append(other)
        return chosen

    # -- explaining ----------------------------------------------------------------

    def reasons(self, row: int, other: int, pinned: bool) -> list[Reason]:
        found = [reason for reason in self._signals(row, other) if reason.points > 0]
        if pinned:
            found.insert(0, Reason("editor", 0.0, "chosen by an editor"))
        if not found:
            found.append(Reason("time", 0.0, "published close in time"))
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
        return reasons


# -- small helpers on matrices -------------------------------------------------------


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
    """Keep each row's `limit` largest values (ties to the lower column)."""
    rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int32), np.diff(matrix.indptr))
    order = np.lexsort((matrix.indices, -matrix.data, rows))
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


def _dot(matrix: sparse.csr_matrix, row: int, other: int) -> float:
    return float(matrix[row].multiply(matrix[other]).sum())


def _shared_columns(matrix: sparse.csr_matrix, row: int, other: int) -> list[int]:
    """Columns both rows use, largest product first."""
    product = matrix[row].multiply(matrix[other]).tocoo()
    order = np.lexsort((product.col, -product.data))
    return [int(product.col[number]) for number in order if product.data[number] > 0]
