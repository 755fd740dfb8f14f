"""The rankings ours is compared with, rewritten from their documented algorithms to run on `Record`s.

Each is a function Records -> {key: [keys, best first]}, at most `MAX` keys;
only eligible records (published, not in the future) are picked, never the
article itself, and ties are broken by a rule that does not depend on the
order the records come in.

- pelican-related-posts (pelican-plugins/related-posts, 1.0.0): the articles
  sharing a tag with this one, by the number of tags shared. Tags are the same
  when their slugs are (Pelican's Tag objects compare by slug). Ties keep the
  order in which the plugin meets them (`Counter.most_common` is stable): by
  this article's first tag the other carries, then newest first (Pelican's
  default ARTICLE_ORDER_BY). An untagged article gets no list.
- pelican-similar-posts (pelican-plugins/similar-posts, 1.0.0): the cosine of
  tf-idf vectors of tag names, with Lucene's formula as the plugin sets it in
  gensim (local weight sqrt(tf), global weight (1 + ln((D+1)/(df+1)))^2,
  vectors normalised), over the published articles. Scores of at least
  0.0001 are kept, by score then newest first.
- Hugo's related content with its default configuration (gohugo.io,
  "Configure related content"; package `related`): indices keywords (weight
  100), date (weight 10, keyword = the year) and tags (weight 80), threshold
  80, includeNewer false, toLower false. A page scores the sum of the
  weights of the keywords it shares; it is kept when its average weight,
  normalised to 0-100 by the largest index weight, reaches threshold divided
  by its number of matches (integer arithmetic, as in Go); pages newer than
  this one are left out. Order: total weight, then newest first, then name
  (the key). Records have no `keywords`, so that index matches nothing.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter, defaultdict

import numpy as np
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify
from scipy import sparse

from .records import SITE_TIME_ZONE, Record

MAX = 5  # each plugin's default list length (RELATED_POSTS_MAX, SIMILAR_POSTS_MAX_COUNT, Hugo's `first 5`)
SIMILAR_POSTS_MIN_SCORE = 0.0001
HUGO_INDEX_WEIGHTS = {"keywords": 100, "date": 10, "tags": 80}
HUGO_THRESHOLD = 80


def related_posts(records: list[Record]) -> dict[str, list[str]]:
    """pelican-related-posts: most shared tags (by slug) first."""
    members = defaultdict(list)  # tag slug -> positions of eligible records carrying it
    slugs = [tag_slugs(record) for record in records]
    for position in sorted(range(len(records)), key=lambda number: newest_first(records[number])):
        if records[position].eligible:
            for slug in slugs[position]:
                members[slug].append(position)
    lists = {}
    for position, record in enumerate(records):
        shared: Counter[int] = Counter()
        for slug in slugs[position]:
            shared.update(members[slug])  # meets others tag by tag, newest first, as the plugin does
        shared.pop(position, None)
        lists[record.key] = [records[other].key for other, _ in shared.most_common(MAX)]
    return lists


def similar_posts(records: list[Record]) -> dict[str, list[str]]:
    """pelican-similar-posts: cosine of tf-idf tag vectors, then newest first."""
    published = [position for position, record in enumerate(records) if record.eligible]
    names: dict[str, int] = {}
    rows, columns, counts = [], [], []
    for row, record in enumerate(records):
        for name, count in Counter(record.tags).items():
            rows.append(row)
            columns.append(names.setdefault(name, len(names)))
            counts.append(count)
    tf = sparse.csr_matrix((counts, (rows, columns)), shape=(len(records), len(names)), dtype=np.float64)
    documents = len(published)
    frequency = np.bincount(tf[published].indices, minlength=len(names))
    idf = (1 + np.log((documents + 1) / (frequency + 1))) ** 2
    weights = tf.sqrt() @ sparse.diags(idf)
    lengths = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    vectors = sparse.diags(1 / np.where(lengths > 0, lengths, 1)) @ weights
    scores = (vectors @ vectors[published].T).tocsr()
    lists = {}
    for row, record in enumerate(records):
        start, stop = scores.indptr[row], scores.indptr[row + 1]
        candidates = [
            (round(float(score), 6), published[column])
            for column, score in zip(scores.indices[start:stop], scores.data[start:stop])
            if score >= SIMILAR_POSTS_MIN_SCORE and published[column] != row
        ]
        candidates.sort(key=lambda found: (-found[0], *newest_first(records[found[1]])))
        lists[record.key] = [records[other].key for _, other in candidates[:MAX]]
    return lists


def hugo_related(records: list[Record]) -> dict[str, list[str]]:
    """Hugo's default related content: shared tags (80 each) and the same year (10), threshold 80, none newer.

    A page sharing only the year scores 10 from one match, under the threshold
    (hugo_passes(10, 1) is False), so only pages sharing a tag are candidates.
    """
    by_tag: defaultdict[str, list[int]] = defaultdict(list)
    for position, record in enumerate(records):
        if record.eligible:
            for tag in dict.fromkeys(record.tags):
                by_tag[tag].append(position)
    years = [hugo_year(record) for record in records]
    lists = {}
    for position, record in enumerate(records):
        shared: Counter[int] = Counter()
        for tag in dict.fromkeys(record.tags):
            shared.update(by_tag[tag])
        shared.pop(position, None)
        scored = []
        for other, tags in shared.items():
            if records[other].timestamp > record.timestamp:
                continue  # includeNewer = false
            same_year = int(years[other] == years[position])
            weight = tags * HUGO_INDEX_WEIGHTS["tags"] + same_year * HUGO_INDEX_WEIGHTS["date"]
            if hugo_passes(weight, tags + same_year):
                scored.append((-weight, -records[other].timestamp, records[other].key))
        lists[record.key] = [key for *_, key in sorted(scored)[:MAX]]
    return lists


def hugo_passes(weight: int, matches: int) -> bool:
    """Hugo's threshold: the average weight, normalised to 0-100, against threshold / matches."""
    low, high = min(0, *HUGO_INDEX_WEIGHTS.values()), max(HUGO_INDEX_WEIGHTS.values())
    normalised = math.floor((weight // matches - low) / (high - low) * 100 + 0.5)
    return normalised >= HUGO_THRESHOLD // matches


def hugo_year(record: Record) -> str:
    """The keyword Hugo's date index gives a page: its year (pattern "2006"), in the site's time zone."""
    return datetime.datetime.fromtimestamp(record.timestamp, SITE_TIME_ZONE).strftime("%Y")


def tag_slugs(record: Record) -> list[str]:
    """The record's tags as Pelican's default slugs, first occurrence kept."""
    found = (slugify(tag, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]) for tag in record.tags)
    return list(dict.fromkeys(slug for slug in found if slug))


def newest_first(record: Record) -> tuple[float, str]:
    """Sort key: newest first, then by key (Pelican's order of articles, made independent of input order)."""
    return -record.timestamp, record.key


ANCHORS = {
    "pelican-related-posts": related_posts,
    "pelican-similar-posts": similar_posts,
    "Hugo related content (defaults)": hugo_related,
}
